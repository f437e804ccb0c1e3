namespace Dpse.Core.Health;

/// <summary>
/// Registered by each enabled platform adapter, so the board knows every adapter that should be running before any
/// of them reports: one adapter stopping early must not look like "all stopped" while another is still starting.
/// </summary>
public sealed record ExpectedAdapter(string Name);
