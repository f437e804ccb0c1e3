namespace Dpse.Core.Health;

/// <summary>Where a platform adapter stands, as readiness, metrics and the deaf-host watch see it.</summary>
public enum AdapterState
{
    /// <summary>Starting or reconnecting: not able to take commands right now, but trying.</summary>
    Connecting,

    /// <summary>Connected (socket transports) or able to answer (HTTP transports).</summary>
    Connected,

    /// <summary>Stopped for good (bad token, revoked app): only a configuration change and a restart help.</summary>
    Stopped,
}
