using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Testing.Fakes;

namespace Dpse.Testing.Slack;

/// <summary>The server end of one Socket Mode connection: the test sends envelopes and reads the acks.</summary>
public sealed class FakeSocket(int number, WebSocket socket, AsyncLog<string> events)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Number { get; } = number;

    public AsyncLog<JsonObject> Received { get; } = new();

    public Task Closed => _closed.Task;

    public async Task SendAsync(string json)
    {
        await _send.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    public Task SendAsync(JsonObject message) => SendAsync(message.ToJsonString());

    public Task<JsonObject> WaitForAckAsync(string envelopeId, CancellationToken cancellationToken) =>
        Received.WaitAsync(m => m["envelope_id"]?.GetValue<string>() == envelopeId, cancellationToken);

    public void Abort() => socket.Abort();

    public async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }

                if (JsonNode.Parse(message.ToArray()) is JsonObject json)
                {
                    Received.Add(json);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            events.Add($"closed:{Number}");
            _closed.TrySetResult();
        }
    }
}
