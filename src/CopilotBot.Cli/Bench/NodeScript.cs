using System.Diagnostics;
using System.Threading.Channels;

namespace CopilotBot.Cli.Bench;

/// <summary>
/// A script of the baselines folder run by node: stdout read line by line, stderr copied to the log. Disposing kills
/// it (and its children) if it still runs; its stdin is a pipe from us, so it also ends when this process dies.
/// </summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private const int StderrTailLines = 20;
    private readonly Process _process;
    private readonly string _script;
    private readonly TextWriter _log;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<string> _stderrTail = new();
    private readonly Lock _stderrLock = new();

    private NodeScript(Process process, string script, TextWriter log)
    {
        _process = process;
        _script = script;
        _log = log;
    }

    public int ProcessId => _process.Id;

    /// <exception cref="BaselineException">node or the installed baselines folder is missing.</exception>
    public static NodeScript Start(string baselinesDirectory, string script, IEnumerable<string> arguments, TextWriter log)
    {
        var directory = BaselineLocator.Require(baselinesDirectory);
        var start = new ProcessStartInfo(BaselineLocator.FindNode()!)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var node = new NodeScript(new Process { StartInfo = start }, script, log);
        node._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line) node._stdout.Writer.TryWrite(line);
            else node._stdout.Writer.TryComplete();
        };
        node._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) node.OnStderr(line);
        };
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>The next line the script prints.</summary>
    /// <exception cref="BaselineException">The script ended first; the message has its exit code and last stderr lines.</exception>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _stdout.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            string tail;
            lock (_stderrLock)
            {
                tail = string.Join(Environment.NewLine, _stderrTail);
            }

            throw new BaselineException($"node {_script} exited with {_process.ExitCode} before answering.{Environment.NewLine}{tail}".TrimEnd());
        }
    }

    /// <summary>Waits for the script to end by itself (e.g. to clean up after printing its answer).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    private void OnStderr(string line)
    {
        lock (_stderrLock)
        {
            _stderrTail.Enqueue(line);
            if (_stderrTail.Count > StderrTailLines) _stderrTail.Dequeue();
            _log.WriteLine($"  [{_script}] {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not dying within 10 s: nothing more we can do from here.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
