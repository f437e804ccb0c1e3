using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dpse.Testing.Discord;

namespace Dpse.Bench.Discord;

/// <summary>
/// A loopback Discord REST fake on 127.0.0.1 (HttpListener) that enforces the global limit (requests per sliding
/// second, interaction endpoints exempt) and the per-channel message limit (5 per 5 s), answering 429 like Discord:
/// the test kit's <see cref="DiscordRateLimits"/>, as the tests' fake Discord does, on the system clock. Records when
/// each interaction callback arrived.
/// </summary>
internal sealed class LoopbackDiscord : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _lock = new();
    private readonly DiscordRateLimits _limits = new(TimeProvider.System);
    private readonly Dictionary<string, long> _callbacks = [];
    private readonly Dictionary<string, long> _firstMessage = [];
    private int _tooMany;
    private int _messages;
    private int _nextId = 1;

    public LoopbackDiscord(int globalPerSecond = 50, int perChannelPer5s = 5)
    {
        _limits.GlobalPerSecond = globalPerSecond;
        _limits.ChannelMessagesPer5Seconds = perChannelPer5s;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    public string ApiBaseUrl => BaseUrl + "api/v10";

    public int GlobalPerSecond => _limits.GlobalPerSecond ?? 0;

    public int PerChannel => _limits.ChannelMessagesPer5Seconds ?? 0;

    public int TooManyRequests => Volatile.Read(ref _tooMany);

    public int MessagesAccepted => Volatile.Read(ref _messages);

    /// <summary>A broken channel's answer by message path (e.g. 403 Missing Access); null: a healthy channel.</summary>
    public Func<string, (int Status, string Body)?>? Broken { get; set; }

    /// <summary>Requests counted against the global limit by method and route shape (channel ids left out).</summary>
    public Dictionary<string, int> GlobalRequestsByRoute { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests counted against the global limit (everything but interaction callbacks), 429s included.</summary>
    public int GlobalRequests { get; private set; }

    /// <summary>Stopwatch timestamp at which the first accepted message to <paramref name="channelId"/> arrived, if one did.</summary>
    public long? FirstMessageAt(string channelId)
    {
        lock (_lock)
        {
            return _firstMessage.TryGetValue($"/channels/{channelId}/messages", out var at) ? at : null;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _limits.Reset();
            _callbacks.Clear();
            _firstMessage.Clear();
            GlobalRequests = 0;
            GlobalRequestsByRoute.Clear();
            _tooMany = 0;
            _messages = 0;
        }
    }

    /// <summary>Stopwatch timestamp at which the callback of interaction <paramref name="id"/> arrived, if it did.</summary>
    public long? CallbackAt(string id)
    {
        lock (_lock)
        {
            return _callbacks.TryGetValue(id, out var at) ? at : null;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        await reader.ReadToEndAsync();
        var path = context.Request.Url!.AbsolutePath["/api/v10".Length..];
        var response = context.Response;
        string body;
        var status = 200;
        var isInteraction = DiscordRateLimits.IsInteraction(path);
        var isMessage = DiscordRateLimits.IsMessagePost(context.Request.HttpMethod, path);
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            if (isInteraction)
            {
                var parts = path.Split('/');
                if (parts[1] == "interactions")
                {
                    _callbacks[parts[2]] = arrived;
                }

                status = 204;
                body = "";
            }
            else
            {
                // The global limit counts arrivals (when the request reached us), as Discord's edge would.
                if (_limits.EnterGlobal(path, arrived) is { } limited)
                {
                    _tooMany++;
                    Write429(response, limited);
                    return;
                }

                GlobalRequests++;
                var shape = context.Request.HttpMethod + " " + string.Join('/', path.Split('/').Select(p => p.Length > 0 && char.IsDigit(p[0]) ? "{id}" : p));
                GlobalRequestsByRoute[shape] = GlobalRequestsByRoute.GetValueOrDefault(shape) + 1;
                body = "{}";
                if (isMessage && Broken?.Invoke(path) is { } broken)
                {
                    status = broken.Status;
                    body = broken.Body;
                }
                else if (isMessage)
                {
                    var headers = new Dictionary<string, string>();
                    if (_limits.EnterChannel(context.Request.HttpMethod, path, now, headers) is { } throttled)
                    {
                        _tooMany++;
                        Write429(response, throttled);
                        return;
                    }

                    _messages++;
                    _firstMessage.TryAdd(path, arrived);
                    foreach (var (name, value) in headers)
                    {
                        response.Headers[name] = value;
                    }

                    body = $$"""{"id":"{{(_nextId++).ToString(CultureInfo.InvariantCulture)}}"}""";
                }
            }
        }

        response.StatusCode = status;
        if (body.Length > 0)
        {
            response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await response.OutputStream.WriteAsync(bytes);
        }

        response.Close();
    }

    private static void Write429(HttpListenerResponse response, DiscordTooManyRequests limited)
    {
        response.StatusCode = 429;
        response.ContentType = "application/json";
        foreach (var (name, value) in limited.Headers)
        {
            response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(limited.Body);
        response.OutputStream.Write(bytes);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
