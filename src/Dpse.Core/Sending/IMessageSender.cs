namespace Dpse.Core.Sending;

/// <summary>
/// Posts messages on one platform through its rate-limited sender. Implementations honour
/// <see cref="SendRequest.Deadline"/> (a longer wait comes back as a transient result with a retry time, never as a
/// sleep), reconcile with the platform when <see cref="SendRequest.UnconfirmedSince"/> is set, return failures as
/// <see cref="SendResult"/> and throw only on cancellation.
/// </summary>
public interface IMessageSender
{
    /// <summary>The platform this sender posts to (see <see cref="Identity.Platforms"/>).</summary>
    string Platform { get; }

    /// <summary>Posts <see cref="SendRequest.Message"/> to <see cref="SendRequest.Target"/>.</summary>
    Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken);
}
