namespace Dpse.Core.Privacy;

/// <summary>What one store's part of an erasure changed: records that now show the pseudonym, and activity (celebrations, RSVPs, settings) removed.</summary>
public sealed record ErasedCounts(int Anonymised, int Removed);
