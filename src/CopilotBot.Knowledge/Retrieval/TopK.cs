namespace CopilotBot.Knowledge;

/// <summary>Keeps the k best (index, score) pairs seen, ties broken by lower index, in one pass.</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<int, (float Score, int Index)> _heap = new(Comparer<(float Score, int Index)>.Create(
        (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Index.CompareTo(a.Index)));

    public void Offer(int index, float score)
    {
        if (k <= 0) return;
        if (_heap.Count < k)
        {
            _heap.Enqueue(index, (score, index));
            return;
        }

        _heap.TryPeek(out _, out var worst);
        if (score > worst.Score || (score == worst.Score && index < worst.Index))
        {
            _heap.DequeueEnqueue(index, (score, index));
        }
    }

    /// <summary>The kept pairs, best first; the keeper is empty afterwards.</summary>
    public List<(int Index, float Score)> Drain()
    {
        var result = new List<(int Index, float Score)>(_heap.Count);
        while (_heap.TryDequeue(out var index, out var priority)) result.Add((index, priority.Score));
        result.Reverse();
        return result;
    }
}
