using System.Text.Json;
using Dpse.Discord.Interactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Discord.Http;

/// <summary>
/// <c>POST /discord/interactions</c>: verifies the signature (401 otherwise), answers PING with PONG, and hands every
/// other interaction to the same <see cref="InteractionHandler"/> the gateway uses. The handler's first answer (within
/// its 2 s budget, else a deferral) is written as the HTTP response; the handler then goes on, as on the gateway, to
/// edit the original or follow up through the webhook endpoints, tied to the host's lifetime rather than the request.
/// </summary>
internal sealed partial class DiscordHttpInteractions(
    InteractionSignature signature,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DiscordHttpInteractions> logger)
{
    /// <summary>Longest wait for the handler's first answer; it answers or defers well inside Discord's 3 s.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(5);

    private const int Ping = 1;
    private const int Pong = 1;

    public async Task HandleAsync(HttpContext http)
    {
        var body = await RequestBody.ReadAsync(http);
        if (body is null)
        {
            return;
        }

        var headers = http.Request.Headers;
        if (!signature.Verify(headers["X-Signature-Ed25519"].ToString(), headers["X-Signature-Timestamp"].ToString(), body))
        {
            RefusedSignature(logger);
            await WriteAsync(http, StatusCodes.Status401Unauthorized, """{"error":"invalid request signature"}""");
            return;
        }

        JsonElement interaction;
        try
        {
            using var document = JsonDocument.Parse(body);
            interaction = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, """{"error":"the body is not JSON"}""");
            return;
        }

        if (interaction.ValueKind == JsonValueKind.Object && interaction.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var kind) && kind == Ping)
        {
            await WriteAsync(http, StatusCodes.Status200OK, $$"""{"type":{{Pong}}}""");
            return;
        }

        var inline = new InlineResponse();
        var work = Task.Run(() => RunAsync(interaction, inline), CancellationToken.None);
        try
        {
            await Task.WhenAny(inline.Answer, work).WaitAsync(AnswerBound, time, http.RequestAborted);
        }
        catch (TimeoutException)
        {
            NoAnswer(logger);
        }

        if (!inline.Answer.IsCompleted)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, """{"error":"not an interaction this bot answers"}""");
            inline.MarkDelivered();
            return;
        }

        var answer = await inline.Answer;
        if (answer is null)
        {
            // Answered through the callback endpoint (an answer with a file): Discord wants 202 with no body.
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        }
        else
        {
            await WriteAsync(http, StatusCodes.Status200OK, answer.ToJsonString());
        }

        await http.Response.CompleteAsync();
        inline.MarkDelivered();
    }

    private async Task RunAsync(JsonElement interaction, InlineResponse inline)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<InteractionHandler>();
            await handler.HandleAsync(interaction, inline, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The handler answers its own failures; this is a bug around it. Never to the caller.
            HandlerFailed(logger, e);
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }

    [LoggerMessage(101, LogLevel.Debug, "Refused an HTTP interaction: missing, stale, replayed or wrong signature")]
    private static partial void RefusedSignature(ILogger logger);

    [LoggerMessage(102, LogLevel.Warning, "An HTTP interaction got no answer in time")]
    private static partial void NoAnswer(ILogger logger);

    [LoggerMessage(103, LogLevel.Error, "Handling an HTTP interaction failed")]
    private static partial void HandlerFailed(ILogger logger, Exception exception);
}
