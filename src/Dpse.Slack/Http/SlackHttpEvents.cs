using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Slack.Interactions;
using Dpse.Slack.SocketMode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.Http;

/// <summary>
/// <c>POST /slack/events</c>: verifies the signature (401 otherwise), then hands slash commands (form fields) and
/// interactions (the <c>payload</c> form field: block actions, view submissions) to the same
/// <see cref="SlackInteractionHandler"/> Socket Mode uses. Its acknowledgement becomes the HTTP response (the reply in
/// the body when the core answered within 2 s, else empty, with the reply following through <c>response_url</c>);
/// the handler goes on in the background, tied to the host's lifetime rather than the request. The Events API's
/// <c>url_verification</c> challenge is answered so the same URL can be pasted there.
/// </summary>
internal sealed partial class SlackHttpEvents(
    SlackRequestSignature signature,
    SlackInteractionHandler interactions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SlackHttpEvents> logger)
{
    /// <summary>Longest wait for the handler's acknowledgement; it acks within its 2 s budget.</summary>
    private static readonly TimeSpan AckBound = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(HttpContext http)
    {
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            http.Response.StatusCode = e.StatusCode;
            return;
        }

        var headers = http.Request.Headers;
        if (!await signature.VerifyAsync(headers["X-Slack-Signature"].ToString(), headers["X-Slack-Request-Timestamp"].ToString(), body, http.RequestAborted))
        {
            RefusedSignature(logger);
            await WriteAsync(http, StatusCodes.Status401Unauthorized, """{"error":"invalid request signature"}""");
            return;
        }

        var text = Encoding.UTF8.GetString(body);
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            await HandleEventsApiAsync(http, text);
            return;
        }

        var form = QueryHelpers.ParseQuery(text);
        string kind;
        JsonObject? payload;
        if (form.TryGetValue("payload", out var interactive))
        {
            kind = "interactive";
            payload = ParseObject(interactive.ToString());
        }
        else if (form.ContainsKey("command"))
        {
            kind = "slash_commands";
            payload = [];
            foreach (var (name, value) in form)
            {
                payload[name] = value.ToString();
            }
        }
        else
        {
            kind = "";
            payload = null;
        }

        if (payload is null)
        {
            Log.MalformedPayload(logger, "http", "neither a slash command nor an interaction payload");
            await WriteAsync(http, StatusCodes.Status400BadRequest, """{"error":"not a request this bot answers"}""");
            return;
        }

        var answer = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ack = new EnvelopeAck("http", acceptsPayload: true, (message, _) =>
        {
            // The ack's payload is what Socket Mode would carry in the envelope; over HTTP it is the response body.
            var reply = message["payload"] as JsonObject;
            message.Remove("payload");
            answer.TrySetResult(reply);
            return Task.FromResult(true);
        });
        var work = Task.Run(() => RunAsync(kind, payload, ack), CancellationToken.None);
        try
        {
            await Task.WhenAny(answer.Task, work).WaitAsync(AckBound, time, http.RequestAborted);
        }
        catch (TimeoutException)
        {
            NoAck(logger);
        }

        // A handler that finished (or failed) without acking still owes Slack a 200: Slack shows an error otherwise.
        var reply = answer.Task.IsCompleted ? await answer.Task : null;
        if (reply is null)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        await WriteAsync(http, StatusCodes.Status200OK, reply.ToJsonString());
    }

    private async Task HandleEventsApiAsync(HttpContext http, string text)
    {
        var json = ParseObject(text);
        if (json?["type"]?.GetValueKind() == JsonValueKind.String && json["type"]!.GetValue<string>() == "url_verification"
            && json["challenge"] is JsonValue challenge && challenge.TryGetValue<string>(out var value))
        {
            await WriteAsync(http, StatusCodes.Status200OK, new JsonObject { ["challenge"] = value }.ToJsonString());
            return;
        }

        // The bot subscribes to no events; anything else is acknowledged so Slack does not retry it.
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task RunAsync(string kind, JsonObject payload, EnvelopeAck ack)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            if (kind == "slash_commands")
            {
                await interactions.HandleSlashCommandAsync(payload, ack, stopping);
            }
            else
            {
                await interactions.HandleInteractiveAsync(payload, ack, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(logger, ex, kind);
            await ack.SendAsync(null, CancellationToken.None);
        }
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }

    [LoggerMessage(4001, LogLevel.Debug, "Refused a Slack request: missing, stale, replayed or wrong signature")]
    private static partial void RefusedSignature(ILogger logger);

    [LoggerMessage(4002, LogLevel.Warning, "A Slack request was not acknowledged in time; answered empty")]
    private static partial void NoAck(ILogger logger);
}
