using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Dpse.Testing.Discord;

/// <summary>One gateway connection to the fake: the test sends frames and reads what the client sent; heartbeats are ACKed automatically unless <see cref="AutoAck"/> is off.</summary>
public sealed class FakeGatewayConnection(WebSocket socket, string path, string query)
{
    private readonly Channel<JsonObject> _received = Channel.CreateUnbounded<JsonObject>();
    private readonly Channel<JsonObject> _heartbeats = Channel.CreateUnbounded<JsonObject>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public string Path { get; } = path;

    public string Query { get; } = query;

    public volatile bool AutoAck = true;

    /// <summary>Completes with the client's close code (null when the client dropped the connection).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(result.CloseStatus);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var frame = JsonNode.Parse(message.ToArray())!.AsObject();
                if (frame["op"]?.GetValue<int>() == 1)
                {
                    // ACK before the test sees the heartbeat: whatever the test sends next then reaches the client after
                    // the ACK, so a test that moves the clock a heartbeat interval once the client has read its own later
                    // frames cannot find the heartbeat unacknowledged and the connection dropped as a zombie.
                    if (AutoAck)
                    {
                        await SendAsync("""{"op":11}""");
                    }

                    await _heartbeats.Writer.WriteAsync(frame, cancellationToken);
                    continue;
                }

                await _received.Writer.WriteAsync(frame, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _closed.TrySetResult(null);
        }
    }

    public async Task SendAsync(string json)
    {
        await _sendGate.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public async Task<JsonObject> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async Task<JsonObject> HeartbeatAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _heartbeats.Reader.ReadAsync(timeout.Token);
    }

    public async Task CloseAsync(int code)
    {
        await _sendGate.WaitAsync();
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public Task<WebSocketCloseStatus?> WaitClosedAsync() => Closed.WaitAsync(TimeSpan.FromSeconds(10));
}
