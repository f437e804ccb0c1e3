namespace Dpse.Testing.Scheduling;

/// <summary>
/// Wraps the HTTP handler of the client under test and counts requests in flight, so a test moves a fake clock only
/// while none is: a clock that jumps during real loopback I/O fires timeouts and retries that would never happen.
/// </summary>
public sealed class IdleGate : DelegatingHandler
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _started;

    /// <summary>Wraps a fresh <see cref="SocketsHttpHandler"/>.</summary>
    public IdleGate()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Requests started so far (a change means the code under test is still busy).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Runs <paramref name="move"/> (a clock change) only if no request is in flight; returns whether it ran.</summary>
    public bool TryMove(Action move)
    {
        ArgumentNullException.ThrowIfNull(move);
        lock (_gate)
        {
            if (_inFlight > 0)
            {
                return false;
            }

            move();
            return true;
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inFlight++;
            Interlocked.Increment(ref _started);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }
}
