using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Instances;
using Dpse.Core.Resilience;
using Dpse.Core.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Rest;

/// <summary>
/// Discord REST over one <see cref="HttpClient"/>: bot authorization, a proper User-Agent, JSON bodies, per-route
/// buckets and the global limit, 429s waited out, 5xx and network errors retried with capped backoff. Other 4xx are
/// returned at once and logged with Discord's error body. Never throws except on cancellation.
/// </summary>
internal sealed class DiscordRestClient
{
    private const int MaxAttempts = 4;
    private const int MaxRateLimitRetries = 8;
    /// <summary>Waits before retrying a 5xx or network error: 0.5 s, 1 s, 2 s... at most 8 s.</summary>
    private static readonly ExponentialBackoff ServerErrorBackoff = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RateLimitState _limits;
    private readonly RateLimitMetrics? _metrics;
    private readonly string _userAgent;
    private readonly string _baseUrl;
    private int _rateLimitedCount;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider timeProvider, ILogger<DiscordRestClient> logger, RateLimitMetrics? metrics = null, InstancePresence? presence = null)
    {
        _metrics = metrics;
        _http = http;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _limits = new RateLimitState(timeProvider, _options.GlobalRequestsPerSecond, presence is null ? null : () => presence.Census.Live);
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        var version = typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0";
        _userAgent = $"DiscordBot ({_options.UserAgentUrl}, {version})";
    }

    /// <summary>How many 429 answers this client has received (the bench reports it).</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimitedCount);

    public Task<DiscordResponse> SendAsync(DiscordRoute route, JsonNode? body, CancellationToken cancellationToken, DiscordFile? file = null) =>
        SendAsync(route, body, null, cancellationToken, file);

    /// <summary>
    /// Sends one request. With a <paramref name="deadline"/>, no wait (bucket reset, 429, global pause, backoff after a
    /// 5xx or network error) runs past it: the answer so far comes back at once, a throttled request as
    /// <see cref="DiscordResponse.Deferred"/> with the time to wait. An <paramref name="urgent"/> request (a reminder)
    /// takes the next global turn before routine ones. With <paramref name="retryServerErrors"/> off, a 5xx comes back
    /// at once: for a message post the outcome is unknown and the outbox, which reconciles before it resends, retries
    /// it later, rather than the post holding a lane and global turns that healthy channels are waiting for.
    /// </summary>
    public async Task<DiscordResponse> SendAsync(DiscordRoute route, JsonNode? body, DateTimeOffset? deadline, CancellationToken cancellationToken, DiscordFile? file = null, bool urgent = false, bool retryServerErrors = true)
    {
        var payload = body?.ToJsonString();
        var deadlineAt = deadline is { } d ? After(d - _timeProvider.GetUtcNow()) : long.MaxValue;
        var bucket = _limits.BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var attempt = 0;
            var rateLimited = 0;
            while (true)
            {
                if (await WaitForBucketAsync(bucket, deadlineAt, cancellationToken) is { } bucketWait)
                {
                    return DiscordResponse.Deferred(bucketWait, "the route's rate limit is used up");
                }

                var globalTurn = false;
                if (route.Global && route.Authorized)
                {
                    var turn = await _limits.TakeGlobalTurnAsync(deadlineAt, urgent, cancellationToken);
                    if (!turn.Taken)
                    {
                        return DiscordResponse.Deferred(turn.Wait, "the global rate limit is used up or paused");
                    }

                    globalTurn = true;
                    _metrics?.Waited(Platforms.Discord, turn.Wait);
                    try
                    {
                        await DelayAsync(turn.Wait, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        _limits.GlobalAnswered();
                        throw;
                    }
                }

                attempt++;
                DiscordResponse response;
                HttpResponseHeaders? headers;
                try
                {
                    (response, headers) = await SendOnceAsync(route, payload, file, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    if (globalTurn)
                    {
                        _limits.GlobalAnswered();
                    }

                    var what = e is OperationCanceledException ? "timed out" : e.Message;
                    if (attempt >= MaxAttempts || After(ServerErrorBackoff.Delay(attempt)) > deadlineAt)
                    {
                        Log.RequestFailed(_logger, route.Method.Method, route.Template, what);
                        return DiscordResponse.Network(what);
                    }

                    await DelayAsync(ServerErrorBackoff.Delay(attempt), cancellationToken);
                    continue;
                }
                catch when (globalTurn)
                {
                    // Cancelled, or anything unexpected: the turn still comes back.
                    _limits.GlobalAnswered();
                    throw;
                }

                if (globalTurn)
                {
                    _limits.GlobalAnswered();
                }

                Learn(route, bucket, headers);
                if (response.Status == (int)HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref _rateLimitedCount);
                    _metrics?.Hit(Platforms.Discord);
                    var (retryAfter, global) = RetryAfter(response, headers);
                    Log.RateLimited(_logger, route.Method.Method, route.Template, retryAfter.TotalSeconds, global);
                    if (global)
                    {
                        _limits.PauseGlobal(retryAfter);
                    }
                    else
                    {
                        bucket.Remaining = 0;
                        bucket.ResetAt = Math.Max(bucket.ResetAt, After(retryAfter));
                    }

                    if (++rateLimited > MaxRateLimitRetries)
                    {
                        return response;
                    }

                    if (After(retryAfter) > deadlineAt)
                    {
                        return DiscordResponse.Deferred(retryAfter, "Discord answered 429");
                    }

                    attempt--;
                    continue;
                }

                if (response.Status >= 500 && retryServerErrors && attempt < MaxAttempts && After(ServerErrorBackoff.Delay(attempt)) <= deadlineAt)
                {
                    Log.ServerError(_logger, route.Method.Method, route.Template, response.Status, attempt);
                    await DelayAsync(ServerErrorBackoff.Delay(attempt), cancellationToken);
                    continue;
                }

                if (!response.IsSuccess)
                {
                    Log.Rejected(_logger, route.Method.Method, route.Template, response.Status, response.Code, response.Error ?? "");
                }

                return response;
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    private async Task<(DiscordResponse Response, HttpResponseHeaders Headers)> SendOnceAsync(DiscordRoute route, string? payload, DiscordFile? file, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(route.Method, _baseUrl + route.Path);
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (route.Authorized)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _options.Token);
        }

        if (file is not null)
        {
            // Files go as multipart: the JSON body in payload_json, the file as files[0].
            var multipart = new MultipartFormDataContent
            {
                { new StringContent(payload ?? "{}", Encoding.UTF8, "application/json"), "payload_json" },
            };
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            multipart.Add(content, "files[0]", file.FileName);
            request.Content = multipart;
        }
        else if (payload is not null)
        {
            request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        var text = await response.Content.ReadAsStringAsync(linked.Token);
        JsonNode? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        var status = (int)response.StatusCode;
        string? error = null;
        if (status is < 200 or >= 300)
        {
            error = json is JsonObject o ? o.ToJsonString() : text.Length > 500 ? text[..500] : text;
        }

        return (new DiscordResponse(status, json, error), response.Headers);
    }

    private void Learn(DiscordRoute route, RateLimitState.Bucket bucket, HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return;
        }

        if (Header(headers, "X-RateLimit-Bucket") is { Length: > 0 } hash)
        {
            _limits.LearnBucket(route, hash, bucket);
        }

        var remaining = Header(headers, "X-RateLimit-Remaining");
        var resetAfter = Header(headers, "X-RateLimit-Reset-After");
        if (int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
            && double.TryParse(resetAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            bucket.Remaining = left;
            bucket.ResetAt = After(TimeSpan.FromSeconds(seconds));
        }
    }

    private static (TimeSpan RetryAfter, bool Global) RetryAfter(DiscordResponse response, HttpResponseHeaders? headers)
    {
        double seconds = 1;
        var global = false;
        if (response.Body is JsonObject body)
        {
            if (body["retry_after"] is JsonValue v && v.TryGetValue<double>(out var s))
            {
                seconds = s;
            }

            if (body["global"] is JsonValue g && g.TryGetValue<bool>(out var isGlobal))
            {
                global = isGlobal;
            }
        }
        else if (headers is not null && double.TryParse(Header(headers, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
        {
            seconds = h;
        }

        if (headers is not null && string.Equals(Header(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase))
        {
            global = true;
        }

        return (TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)), global);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private long After(TimeSpan span) => span >= TimeSpan.FromDays(365)
        ? long.MaxValue
        : _timeProvider.GetTimestamp() + (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);

    // Returns the wait instead of waiting when the bucket resets after the deadline.
    private async Task<TimeSpan?> WaitForBucketAsync(RateLimitState.Bucket bucket, long deadline, CancellationToken cancellationToken)
    {
        if (bucket.Remaining is 0)
        {
            var now = _timeProvider.GetTimestamp();
            if (bucket.ResetAt > now)
            {
                var wait = _timeProvider.GetElapsedTime(now, bucket.ResetAt);
                if (bucket.ResetAt > deadline)
                {
                    return wait;
                }

                _metrics?.Waited(Platforms.Discord, wait);
                await DelayAsync(wait, cancellationToken);
            }

            bucket.Remaining = null;
        }
        else if (bucket.Remaining is > 0)
        {
            bucket.Remaining--;
        }

        return null;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _timeProvider, cancellationToken);
}
