namespace Dpse.Core.Health;

/// <summary>One adapter's latest report: its state, a short reason an operator can act on (never a token), and since when.</summary>
public sealed record AdapterStatus(string Adapter, AdapterState State, string Detail, DateTimeOffset Since);
