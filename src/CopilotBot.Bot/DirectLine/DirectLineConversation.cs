using System.Globalization;
using System.Text.Json.Nodes;

namespace CopilotBot.Bot.DirectLine;

/// <summary>
/// One Direct Line conversation: the ordered stream Web Chat polls with a watermark, and the queue that delivers
/// user activities to the bot one at a time, in order.
/// </summary>
internal sealed class DirectLineConversation(string id, int maxActivities, DateTimeOffset now)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _history = new();
    private long _lastSequence;
    private Task _deliveries = Task.CompletedTask;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastUsed = now;

    public string Id { get; } = id;

    /// <summary>Set once the client has started the conversation (and the bot has been told).</summary>
    public bool Started { get; private set; }

    /// <summary>The user bound to the conversation by the token; activities are stamped with it.</summary>
    public string? UserId { get; private set; }

    public string? UserName { get; private set; }

    /// <summary>When the client last did something here; what the bot does keeps no conversation alive.</summary>
    public DateTimeOffset LastUsed
    {
        get { lock (_gate) { return _lastUsed; } }
    }

    public void Touch(DateTimeOffset now)
    {
        lock (_gate)
        {
            _lastUsed = now;
        }
    }

    /// <summary>Marks the conversation started; false when it already was.</summary>
    public bool TryStart(string userId, string? userName, DateTimeOffset now)
    {
        lock (_gate)
        {
            _lastUsed = now;
            if (Started)
            {
                return false;
            }

            Started = true;
            UserId = userId;
            UserName = userName;
            return true;
        }
    }

    /// <summary>
    /// Appends an activity under a fresh id. The conversation owns <paramref name="activity"/> from here on;
    /// the caller gets a copy (with the id) to send elsewhere.
    /// </summary>
    public JsonObject Append(JsonObject activity)
    {
        lock (_gate)
        {
            var sequence = ++_lastSequence;
            activity["id"] = string.Create(CultureInfo.InvariantCulture, $"{Id}|{sequence:D7}");
            AddLast(sequence, activity);
            return (JsonObject)activity.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an activity. The new version moves to the end of the stream under the same id, so clients
    /// polling past the original still receive it (Web Chat replaces an activity it sees again by id).
    /// </summary>
    public bool Replace(string activityId, JsonObject activity)
    {
        lock (_gate)
        {
            var node = Find(activityId);
            if (node is null)
            {
                return false;
            }

            _history.Remove(node);
            activity["id"] = activityId;
            AddLast(++_lastSequence, activity);
            return true;
        }
    }

    public bool Remove(string activityId)
    {
        lock (_gate)
        {
            var node = Find(activityId);
            if (node is null)
            {
                return false;
            }

            _history.Remove(node);
            return true;
        }
    }

    public bool Contains(string activityId)
    {
        lock (_gate)
        {
            return Find(activityId) is not null;
        }
    }

    /// <summary>Copies of the activities after <paramref name="watermark"/>, and the watermark to poll with next.</summary>
    public (IReadOnlyList<JsonObject> Activities, long Watermark) ReadAfter(long watermark, DateTimeOffset now)
    {
        lock (_gate)
        {
            _lastUsed = now;
            var activities = _history
                .Where(entry => entry.Sequence > watermark)
                .Select(entry => (JsonObject)entry.Activity.DeepClone())
                .ToList();
            return (activities, Math.Max(watermark, _lastSequence));
        }
    }

    /// <summary>Completes when anything is appended after <paramref name="watermark"/> (at once if it already was).</summary>
    public Task WaitForActivityAfterAsync(long watermark, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _lastSequence > watermark ? Task.CompletedTask : _appended.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="delivery"/> after every delivery queued before it, so the bot sees the conversation
    /// in the order the user produced it even when it answers slowly.
    /// </summary>
    public Task EnqueueDelivery(Func<Task> delivery)
    {
        lock (_gate)
        {
            _deliveries = _deliveries.ContinueWith(_ => delivery(), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _deliveries;
        }
    }

    private void AddLast(long sequence, JsonObject activity)
    {
        _history.AddLast(new Entry(sequence, activity));
        while (_history.Count > maxActivities)
        {
            _history.RemoveFirst();
        }

        _appended.TrySetResult();
        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private LinkedListNode<Entry>? Find(string activityId)
    {
        for (var node = _history.First; node is not null; node = node.Next)
        {
            if ((string?)node.Value.Activity["id"] == activityId)
            {
                return node;
            }
        }

        return null;
    }

    private sealed record Entry(long Sequence, JsonObject Activity);
}
