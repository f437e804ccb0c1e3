namespace Dpse.Discord.Rest;

/// <summary>A file sent with a message (exports), as <c>files[0]</c> of a multipart request.</summary>
internal sealed record DiscordFile(string FileName, byte[] Content, string ContentType = "application/json");
