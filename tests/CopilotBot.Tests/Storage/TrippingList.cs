namespace CopilotBot.Tests.Storage;

/// <summary>
/// A list that runs <paramref name="onReached"/> when the store reads one given element: a crash, a cancellation or
/// a pause in the middle of a replace.
/// </summary>
public sealed class TrippingList<T>(IReadOnlyList<T> inner, int tripAt, Action onReached) : IReadOnlyList<T>
{
    public int Count => inner.Count;

    public T this[int index]
    {
        get
        {
            if (index == tripAt)
            {
                onReached();
            }

            return inner[index];
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
