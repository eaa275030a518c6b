namespace CopilotBot.Knowledge;

/// <summary>
/// Keeps the k best (index, score) pairs seen, ties broken by lower index, in one pass. Pairs are only appended until
/// k are held (a full ranking never builds a heap); from then on a min-heap on the worst kept pair decides. The
/// comparisons are a struct's, so no delegate runs per pair.
/// </summary>
internal sealed class TopK(int k)
{
    private (float Score, int Index)[] _items = new (float, int)[Math.Clamp(k, 0, 256)];
    private int _count;
    private bool _isHeap;

    public void Offer(int index, float score)
    {
        if (k <= 0) return;
        var item = (score, index);
        if (_count < k)
        {
            if (_count == _items.Length) Array.Resize(ref _items, (int)Math.Min(k, 2L * _items.Length));
            _items[_count++] = item;
            return;
        }

        if (!_isHeap)
        {
            for (var i = (_count / 2) - 1; i >= 0; i--) SiftDown(i);
            _isHeap = true;
        }

        if (Ranking.Below(_items[0], item))
        {
            _items[0] = item;
            SiftDown(0);
        }
    }

    /// <summary>The kept pairs, best first; the keeper is empty afterwards.</summary>
    public List<(int Index, float Score)> Drain()
    {
        var kept = _items.AsSpan(0, _count);
        kept.Sort(default(Ranking));
        var result = new List<(int Index, float Score)>(_count);
        foreach (var (score, index) in kept) result.Add((index, score));
        _count = 0;
        _isHeap = false;
        return result;
    }

    // Min-heap: the worst kept pair at the root.
    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            if (left < _count && Ranking.Below(_items[left], _items[worst])) worst = left;
            if (left + 1 < _count && Ranking.Below(_items[left + 1], _items[worst])) worst = left + 1;
            if (worst == i) return;
            (_items[i], _items[worst]) = (_items[worst], _items[i]);
            i = worst;
        }
    }

    /// <summary>Best first: higher score, then lower index.</summary>
    private readonly struct Ranking : IComparer<(float Score, int Index)>
    {
        public static bool Below((float Score, int Index) a, (float Score, int Index) b) =>
            a.Score < b.Score || (a.Score == b.Score && a.Index > b.Index);

        public int Compare((float Score, int Index) x, (float Score, int Index) y) => Below(y, x) ? -1 : Below(x, y) ? 1 : 0;
    }
}
