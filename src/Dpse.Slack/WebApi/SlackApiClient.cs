using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Slack.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.WebApi;

/// <summary>
/// Slack's Web API over one <see cref="HttpClient"/>: bearer token, JSON bodies (form-encoded for the methods that
/// take no JSON), every answer checked for <c>ok</c>, 429s waited out on the <see cref="TimeProvider"/> and each call
/// paced by <see cref="SlackRateGate"/>. Never throws except on cancellation; tokens never reach a log.
/// </summary>
public sealed class SlackApiClient
{
    /// <summary>How often one call is tried when Slack keeps answering 429.</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Time limit of one HTTP attempt (sending, and reading the answer), kept on the injected <see cref="TimeProvider"/>
    /// rather than <see cref="HttpClient.Timeout"/> so tests on fake time see it expire.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;
    private readonly IOptions<SlackOptions> _options;
    private readonly SlackRateGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackApiClient> _logger;
    private readonly RateLimitMetrics? _metrics;

    internal SlackApiClient(HttpClient http, IOptions<SlackOptions> options, SlackRateGate gate, TimeProvider time, ILogger<SlackApiClient> logger, RateLimitMetrics? metrics = null)
    {
        _metrics = metrics;
        _http = http;
        _options = options;
        _gate = gate;
        _time = time;
        _logger = logger;
    }

    /// <summary><c>chat.postMessage</c>: returns the message <c>ts</c> in <see cref="SlackApiResponse.Get"/>("ts").</summary>
    public Task<SlackApiResponse> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken) =>
        PostMessageAsync(channel, message, null, null, cancellationToken);

    /// <summary>
    /// <c>chat.postMessage</c> with optional message <c>metadata</c> (machine-readable, not shown to people) and a
    /// deadline: a 429 whose Retry-After would pass it comes back at once with <see cref="SlackApiResponse.RetryAfter"/>.
    /// An <paramref name="urgent"/> post (a reminder) takes the workspace's next posting turn before routine ones.
    /// </summary>
    public Task<SlackApiResponse> PostMessageAsync(string channel, SlackMessage message, JsonObject? metadata, DateTimeOffset? deadline, CancellationToken cancellationToken, bool urgent = false)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        if (metadata is not null)
        {
            body["metadata"] = metadata;
        }

        return CallAsync("chat.postMessage", channel, () => JsonContent(body), BotToken, deadline, cancellationToken, urgent);
    }

    /// <summary>
    /// <c>conversations.history</c> since <paramref name="oldest"/> with every message's metadata
    /// (<c>include_all_metadata</c>); needs <c>channels:history</c>, <c>groups:history</c> or <c>im:history</c>.
    /// </summary>
    public Task<SlackApiResponse> HistoryAsync(string channel, DateTimeOffset oldest, string? cursor, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var seconds = oldest.ToUnixTimeMilliseconds() / 1000.0;
        KeyValuePair<string, string>[] fields =
        [
            new("channel", channel),
            new("oldest", seconds.ToString("0.000000", CultureInfo.InvariantCulture)),
            new("include_all_metadata", "true"),
            new("limit", "200"),
            .. cursor is null ? Array.Empty<KeyValuePair<string, string>>() : [new("cursor", cursor)],
        ];
        return CallAsync("conversations.history", null, () => new FormUrlEncodedContent(fields), BotToken, deadline, cancellationToken);
    }

    /// <summary><c>chat.postEphemeral</c>: a message only <paramref name="user"/> sees in <paramref name="channel"/>.</summary>
    public Task<SlackApiResponse> PostEphemeralAsync(string channel, string user, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["user"] = user;
        return CallJsonAsync("chat.postEphemeral", body, null, cancellationToken);
    }

    /// <summary><c>chat.update</c>: replaces the message <paramref name="ts"/> (a card whose button was pressed).</summary>
    public Task<SlackApiResponse> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["ts"] = ts;
        return CallJsonAsync("chat.update", body, null, cancellationToken);
    }

    /// <summary><c>views.open</c>: opens a modal from a fresh trigger id.</summary>
    public Task<SlackApiResponse> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        CallJsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, null, cancellationToken);

    /// <summary><c>conversations.open</c>: the direct-message channel with a person (for DM reminders).</summary>
    public Task<SlackApiResponse> OpenConversationAsync(string user, CancellationToken cancellationToken) =>
        CallFormAsync("conversations.open", [new("users", user)], BotToken, cancellationToken);

    /// <summary><c>auth.test</c>: who the bot token belongs to (<c>user_id</c>, <c>bot_id</c>, <c>team_id</c>).</summary>
    public Task<SlackApiResponse> AuthTestAsync(CancellationToken cancellationToken) =>
        CallFormAsync("auth.test", [], BotToken, cancellationToken);

    /// <summary><c>apps.connections.open</c> with the app-level token: a fresh Socket Mode URL.</summary>
    public Task<SlackApiResponse> OpenConnectionAsync(CancellationToken cancellationToken) =>
        CallFormAsync("apps.connections.open", [], _options.Value.AppToken ?? "", cancellationToken);

    /// <summary>POSTs a message to an interaction's <c>response_url</c> (no token: the URL is the credential).</summary>
    public async Task<SlackApiResponse> PostToResponseUrlAsync(Uri responseUrl, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl)
        {
            Content = JsonContent(body),
        };
        return await SendOnceAsync("response_url", request, cancellationToken) switch
        {
            (null, var failure) => failure,
            ({ } response, _) => await ReadResponseUrlAsync(response, cancellationToken),
        };
    }

    private string BotToken => _options.Value.BotToken ?? "";

    private Task<SlackApiResponse> CallJsonAsync(string method, JsonObject body, string? channel, CancellationToken cancellationToken) =>
        CallAsync(method, channel, () => JsonContent(body), BotToken, null, cancellationToken);

    private Task<SlackApiResponse> CallFormAsync(string method, KeyValuePair<string, string>[] fields, string token, CancellationToken cancellationToken) =>
        CallAsync(method, null, () => new FormUrlEncodedContent(fields), token, null, cancellationToken);

    private async Task<SlackApiResponse> CallAsync(string method, string? channel, Func<HttpContent> content, string token, DateTimeOffset? deadline, CancellationToken cancellationToken, bool urgent = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (deadline is { } until && _gate.BlockedFor(method) is { } blocked && _time.GetUtcNow() + blocked > until)
            {
                return SlackApiResponse.Failed(SlackErrors.RateLimited) with { RetryAfter = blocked };
            }

            await _gate.WaitTurnAsync(method, channel, cancellationToken, urgent);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.Value.ApiBaseUrl, method))
            {
                Content = content(),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (response, failure) = await SendOnceAsync(method, request, cancellationToken);
            if (response is null)
            {
                return failure;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var wait = RetryAfter(response);
                    _metrics?.Hit(Platforms.Slack);
                    _gate.Block(method, wait);
                    Log.RateLimited(_logger, method, wait.TotalSeconds, attempt);
                    if (attempt >= MaxAttempts)
                    {
                        return SlackApiResponse.Failed(SlackErrors.RateLimited);
                    }

                    if (deadline is { } limit && _time.GetUtcNow() + wait > limit)
                    {
                        return SlackApiResponse.Failed(SlackErrors.RateLimited) with { RetryAfter = wait };
                    }

                    continue;
                }

                var result = await ReadAsync(method, response, cancellationToken);
                if (!result.Ok)
                {
                    Log.MethodFailed(_logger, method, result.Error ?? "", SlackErrors.Explain(result.Error));
                }

                return result;
            }
        }
    }

    private async Task<(HttpResponseMessage? Response, SlackApiResponse Failure)> SendOnceAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return (await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token), SlackApiResponse.Failed(""));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            Log.NetworkFailed(_logger, method, ex.GetType().Name, ex.Message);
            return (null, SlackApiResponse.Failed(SlackErrors.NetworkError));
        }
    }

    private async Task<SlackApiResponse> ReadAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }

        if (body is null)
        {
            Log.NotJson(_logger, method, (int)response.StatusCode);
            return SlackApiResponse.Failed(response.IsSuccessStatusCode ? SlackErrors.NetworkError : "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }

        var ok = body["ok"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var error = ok ? null : body["error"] is JsonValue e && e.TryGetValue<string>(out var s) ? s : "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (body["warning"] is JsonValue w && w.TryGetValue<string>(out var warning))
        {
            Log.Warned(_logger, method, warning);
        }

        return new SlackApiResponse(ok, error, body);
    }

    private async Task<SlackApiResponse> ReadResponseUrlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return new SlackApiResponse(true, null, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            try
            {
                if (JsonNode.Parse(text) is JsonObject o && o["error"] is JsonValue e && e.TryGetValue<string>(out var s))
                {
                    error = s;
                }
            }
            catch (JsonException)
            {
            }

            Log.MethodFailed(_logger, "response_url", error, SlackErrors.Explain(error));
            return SlackApiResponse.Failed(error);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : DefaultRetryAfter);
        if (wait <= TimeSpan.Zero)
        {
            wait = DefaultRetryAfter;
        }

        return wait > LongestRetryAfter ? LongestRetryAfter : wait;
    }

    private static StringContent JsonContent(JsonObject body) =>
        new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
}
