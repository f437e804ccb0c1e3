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

    /// <summary>
    /// A handler without an inner handler that counts into this gate, for an <c>IHttpClientFactory</c> pipeline
    /// (<c>AddHttpMessageHandler(() =&gt; idle.Observer())</c>): the factory builds and disposes its handlers itself.
    /// </summary>
    public DelegatingHandler Observer() => new Observing(this);

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
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        CountAsync(() => base.SendAsync(request, cancellationToken));

    // A request counts from the moment it leaves until its response is disposed, not merely until the headers are
    // back: the client reads the body and acts on it (a 429's Retry-After, say) before it next waits on the clock.
    private async Task<HttpResponseMessage> CountAsync(Func<Task<HttpResponseMessage>> send)
    {
        lock (_gate)
        {
            _inFlight++;
            Interlocked.Increment(ref _started);
        }

        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                lock (_gate)
                {
                    _inFlight--;
                }
            }
        }

        try
        {
            var response = await send();
            response.Content = new ReleasingContent(response.Content, Release);
            return response;
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>The response body as it came, calling back once when the response (and so its content) is disposed.</summary>
    private sealed class ReleasingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action _disposed;

        public ReleasingContent(HttpContent inner, Action disposed)
        {
            _inner = inner;
            _disposed = disposed;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyToAsync(stream, cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _disposed();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Observing(IdleGate gate) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            gate.CountAsync(() => base.SendAsync(request, cancellationToken));
    }
}
