using System.Text.Json.Nodes;

namespace Dpse.Slack.SocketMode;

/// <summary>
/// The acknowledgement of one envelope, sent exactly once: <c>{"envelope_id":…}</c>, with a response payload when the
/// envelope accepts one (a slash command's reply, a view submission's <c>response_action</c>).
/// </summary>
internal sealed class EnvelopeAck(string envelopeId, bool acceptsPayload, Func<JsonObject, CancellationToken, Task<bool>> send)
{
    private int _sent;

    public string EnvelopeId { get; } = envelopeId;

    public bool AcceptsPayload { get; } = acceptsPayload;

    public bool Sent => Volatile.Read(ref _sent) == 1;

    /// <summary>Sends the ack; later calls do nothing and return false.</summary>
    public async Task<bool> SendAsync(JsonObject? payload, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) == 1)
        {
            return false;
        }

        var message = new JsonObject { ["envelope_id"] = EnvelopeId };
        if (payload is not null && AcceptsPayload)
        {
            message["payload"] = payload;
        }

        return await send(message, cancellationToken);
    }
}
