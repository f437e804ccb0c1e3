using System.Net;
using System.Net.Sockets;

namespace Dpse.Testing.Fakes;

/// <summary>
/// A loopback port where nothing listens, held for the test's lifetime: the socket is bound but never listening, so a
/// connection is refused at once, and no other test (a Kestrel or a fake picking a free port) can take the port meanwhile.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>Binds a free loopback port.</summary>
    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The port held.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
