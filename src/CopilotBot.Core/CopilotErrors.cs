namespace CopilotBot.Core;

/// <summary>
/// A failure the user can act on, with the exit status of DESIGN.md's command-line contract
/// (2 bad input, 3 not found, 4 access denied). Hosts show <see cref="Exception.Message"/> as it is.
/// </summary>
public abstract class CopilotException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Arguments, data or configuration that cannot be used.</summary>
public sealed class InvalidInputException(string message) : CopilotException(message, 2);

/// <summary>Nothing by that name or id that the user may see. Also used for what exists but is not theirs.</summary>
public sealed class NotFoundException(string message) : CopilotException(message, 3);

/// <summary>The asking user is unknown or may not do this at all.</summary>
public sealed class AccessDeniedException(string message) : CopilotException(message, 4);
