using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.SocketMode;

/// <summary>
/// One Socket Mode WebSocket: reads frames, reports <c>hello</c> and <c>disconnect</c>, hands envelopes on and sends
/// acknowledgements (one writer at a time). Malformed frames are logged and skipped; a dropped socket completes
/// <see cref="Closed"/> so the supervisor can open the next one.
/// </summary>
internal sealed class SocketModeConnection : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;

    private SocketModeConnection(int number, ClientWebSocket socket, ILogger logger)
    {
        Number = number;
        _socket = socket;
        _logger = logger;
    }

    /// <summary>Counts connections since start, for logs and tests.</summary>
    public int Number { get; }

    /// <summary>Completes when Slack said hello: the connection is ready.</summary>
    public Task Hello => _hello.Task;

    /// <summary>Completes with the reason when Slack asked us to move to a new connection.</summary>
    public Task<string> DisconnectRequested => _disconnect.Task;

    /// <summary>Completes when the socket closed or failed.</summary>
    public Task Closed => _closed.Task;

    public static async Task<SocketModeConnection> ConnectAsync(
        int number, Uri url, Func<JsonObject, SocketModeConnection, Task> onEnvelope, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new SocketModeConnection(number, socket, logger);
        connection._reader = connection.ReadAsync(onEnvelope);
        return connection;
    }

    /// <summary>Sends one JSON frame; false when the socket is no longer open.</summary>
    public async Task<bool> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State != WebSocketState.Open)
            {
                return false;
            }

            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes politely (bounded), then stops reading.</summary>
    public async Task CloseAsync(TimeSpan bound, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(bound, time);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "moving to a new connection", timeout.Token);
            }

            await _closed.Task.WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }

        await _stop.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadAsync(Func<JsonObject, SocketModeConnection, Task> onEnvelope)
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8192), _stop.Token);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > MaxMessageBytes)
                    {
                        throw new WebSocketException("Socket Mode frame larger than 4 MiB.");
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Log.SocketClosed(_logger, Number, _socket.CloseStatus?.ToString() ?? "none", _socket.CloseStatusDescription ?? "");
                    break;
                }

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }

                await HandleFrameAsync(buffer.WrittenMemory, onEnvelope);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            Log.SocketDropped(_logger, Number, ex.Message);
        }
        finally
        {
            _hello.TrySetCanceled();
            _closed.TrySetResult();
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame, Func<JsonObject, SocketModeConnection, Task> onEnvelope)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(frame.Span) as JsonObject;
        }
        catch (JsonException ex)
        {
            Log.MalformedFrame(_logger, Number, ex.Message);
            return;
        }

        var type = message?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        switch (type)
        {
            case null:
                Log.MalformedFrame(_logger, Number, "no type");
                break;
            case "hello":
                Log.Hello(_logger, Number);
                _hello.TrySetResult();
                break;
            case "disconnect":
                var reason = message!["reason"] is JsonValue r && r.TryGetValue<string>(out var why) ? why : "unknown";
                Log.DisconnectRequested(_logger, Number, reason);
                _disconnect.TrySetResult(reason);
                break;
            default:
                await onEnvelope(message!, this);
                break;
        }
    }
}
