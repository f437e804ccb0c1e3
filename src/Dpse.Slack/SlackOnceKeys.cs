namespace Dpse.Slack;

/// <summary>The Slack adapter's keys in <see cref="Core.Duplicates.IOnceKeys"/>: one namespace per thing handled once.</summary>
internal static class SlackOnceKeys
{
    /// <summary>A Socket Mode envelope, by the id Slack repeats on every delivery of it.</summary>
    public static string Envelope(string envelopeId) => "slack:envelope:" + envelopeId;

    /// <summary>A signed HTTP request, by its signature: a replay carries the same one.</summary>
    public static string Signature(string signature) => "slack:signature:" + signature;
}
