using System.Text.Json.Nodes;

namespace Dpse.Discord.Interactions;

/// <summary>
/// The HTTP response to an interaction that arrived over HTTP: the handler's first answer (reply, deferral, modal,
/// choices) goes back inline in it instead of through the callback endpoint. Answers with a file go through the
/// callback endpoint, and the HTTP response is then an empty 202, as Discord asks.
/// </summary>
internal sealed class InlineResponse
{
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource<JsonObject?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The callback body to write, or null when it was sent through the callback endpoint (answer 202).</summary>
    public Task<JsonObject?> Answer => _answer.Task;

    /// <summary>Called by the endpoint once the response has been written, before any follow-up may edit it.</summary>
    public void MarkDelivered() => _delivered.TrySetResult();

    /// <summary>Hands the callback body to the endpoint and waits (bounded) until it went out.</summary>
    public async Task RespondAsync(JsonObject body, TimeProvider time, CancellationToken cancellationToken)
    {
        _answer.TrySetResult(body);
        try
        {
            await _delivered.Task.WaitAsync(DeliveryBound, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The endpoint gave up on the request; later edits will say what Discord thinks.
        }
    }

    /// <summary>The answer went through the callback endpoint.</summary>
    public void AnsweredThroughCallback() => _answer.TrySetResult(null);
}
