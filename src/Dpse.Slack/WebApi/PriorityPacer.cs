namespace Dpse.Slack.WebApi;

/// <summary>
/// Paces one shared limit (the workspace's posts) where some callers are urgent: one turn per interval (times the
/// instances sharing it), and an urgent caller takes the next turn before every routine caller still waiting, however
/// long that one has waited; each kind keeps its arrival order. Unlike <see cref="RatePacer"/>, no turn is promised on
/// arrival: only the caller at the head of the line waits for the clock, so a reminder that arrives behind a digest
/// fan-out still goes next. Waits run on the <see cref="TimeProvider"/>, so time stays fake in tests.
/// </summary>
internal sealed class PriorityPacer(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _line = new();
    private DateTimeOffset _nextTurn = DateTimeOffset.MinValue;

    /// <summary>
    /// Waits for a turn and returns how long that took. With <paramref name="sharers"/> instances sharing the limit,
    /// this one's turns come that many intervals apart.
    /// </summary>
    public async Task<TimeSpan> TakeTurnAsync(bool urgent, int sharers, CancellationToken cancellationToken)
    {
        var arrived = time.GetUtcNow();
        var me = new Waiter(urgent);
        lock (_lock)
        {
            me.Node = urgent ? InsertUrgent(me) : _line.AddLast(me);
            if (_line.First == me.Node && me.Node.Next is { } displaced)
            {
                displaced.Value.Wake(); // it was waiting for the clock as the head; now it waits behind this one
            }
        }

        try
        {
            while (true)
            {
                Task woken;
                TimeSpan wait;
                lock (_lock)
                {
                    // The head's turn is the next free one, or its arrival if that is later. Turns are spaced from the
                    // turn, not from when a busy machine got round to taking it, as a reservation would be: a backlog
                    // keeps its pace (and a fake clock that jumps releases every turn the jump covers).
                    var now = time.GetUtcNow();
                    var turn = _nextTurn > arrived ? _nextTurn : arrived;
                    wait = _line.First == me.Node ? turn - now : Timeout.InfiniteTimeSpan;
                    if (_line.First == me.Node && wait <= TimeSpan.Zero)
                    {
                        _nextTurn = turn + (interval * Math.Max(1, sharers));
                        _line.Remove(me.Node);
                        _line.First?.Value.Wake();
                        return turn - arrived;
                    }

                    woken = me.NextWake;
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, stop.Token) : Task.Delay(wait, time, stop.Token);
                await Task.WhenAny(woken, delay);
                await stop.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (me.Node is { List: not null } node)
                {
                    var wasHead = _line.First == node;
                    _line.Remove(node);
                    if (wasHead)
                    {
                        _line.First?.Value.Wake();
                    }
                }
            }

            throw;
        }
    }

    // After the last urgent caller, before the first routine one.
    private LinkedListNode<Waiter> InsertUrgent(Waiter waiter)
    {
        var firstRoutine = _line.First;
        while (firstRoutine is not null && firstRoutine.Value.Urgent)
        {
            firstRoutine = firstRoutine.Next;
        }

        return firstRoutine is null ? _line.AddLast(waiter) : _line.AddBefore(firstRoutine, waiter);
    }

    private sealed class Waiter(bool urgent)
    {
        private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Urgent { get; } = urgent;

        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Completes at the next <see cref="Wake"/>; read under the pacer's lock.</summary>
        public Task NextWake => _wake.Task;

        /// <summary>Tells the waiter to look again (it became the head, or stopped being it); called under the pacer's lock.</summary>
        public void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
