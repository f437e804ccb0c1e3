namespace Dpse.Testing.Fakes;

/// <summary>An append-only list that tests can wait on, every wait bounded.</summary>
public sealed class AsyncLog<T>
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Waits for the first item matching <paramref name="match"/> (already there or still to come).</summary>
    public async Task<T> WaitAsync(Func<T, bool> match, CancellationToken cancellationToken, TimeSpan? bound = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound ?? DefaultWait);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                foreach (var item in _items)
                {
                    if (match(item))
                    {
                        return item;
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Nothing matching arrived within {(bound ?? DefaultWait).TotalSeconds} s; seen {Count} item(s).");
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> items match.</summary>
    public async Task<IReadOnlyList<T>> WaitCountAsync(Func<T, bool> match, int count, CancellationToken cancellationToken, TimeSpan? bound = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound ?? DefaultWait);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _items.Where(match).ToList();
                if (found.Count >= count)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Fewer than {count} matching items within {(bound ?? DefaultWait).TotalSeconds} s; seen {Count} item(s).");
            }
        }
    }
}
