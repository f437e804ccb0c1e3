namespace Dpse.Testing.Discord;

/// <summary>A file part of a multipart request.</summary>
public sealed record RecordedFile(string Name, string FileName, string Content);
