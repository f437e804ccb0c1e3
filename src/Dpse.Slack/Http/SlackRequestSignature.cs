using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dpse.Core.Duplicates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.Http;

/// <summary>
/// Checks Slack's <c>v0</c> request signature: <c>X-Slack-Signature</c> = <c>v0=</c> + hex HMAC-SHA256 with the signing
/// secret over <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>, compared in constant time. A timestamp more than
/// <see cref="Window"/> away, or a signature already accepted, is refused, so a captured request cannot be replayed:
/// accepted signatures are claimed in <see cref="IOnceKeys"/> until they go stale, so on a shared store a replay sent to
/// another instance is refused too.
/// </summary>
internal sealed class SlackRequestSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly IOnceKeys _once;
    private readonly ILogger _logger;

    public SlackRequestSignature(IOptions<SlackOptions> options, IOnceKeys once, TimeProvider time, ILogger<SlackRequestSignature> logger)
    {
        _secret = Encoding.UTF8.GetBytes(options.Value.SigningSecret ?? "");
        _once = once;
        _time = time;
        _logger = logger;
    }

    /// <summary>True when the request is signed with the signing secret, fresh, and not seen before (here or, on a shared store, anywhere).</summary>
    public async Task<bool> VerifyAsync(string? signature, string? timestamp, byte[] body, CancellationToken cancellationToken)
    {
        if (!IsSignedAndFresh(signature, timestamp, body, out var sent))
        {
            return false;
        }

        // Only a valid signature is claimed: forged ones cannot fill the store. The claim outlives the freshness window.
        var now = _time.GetUtcNow();
        try
        {
            return await _once.TryClaimAsync(SlackOnceKeys.Signature(signature!), now, sent + Window + TimeSpan.FromSeconds(1), cancellationToken)
                .WaitAsync(SocketMode.SlackSocketModeService.ClaimTimeout, _time, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Signed and fresh: a store outage must not refuse every command; a replay within the window is the smaller harm.
            Log.ClaimFailed(_logger, ex, "signed request");
            return true;
        }
    }

    /// <summary>Whether the signature is the signing secret's over the timestamp and body, and the timestamp within <see cref="Window"/>.</summary>
    private bool IsSignedAndFresh(string? signature, string? timestamp, ReadOnlySpan<byte> body, out DateTimeOffset sent)
    {
        sent = default;
        if (_secret.Length == 0 || string.IsNullOrEmpty(signature) || signature.Length > 100
            || string.IsNullOrEmpty(timestamp) || timestamp.Length > 20
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((_time.GetUtcNow() - sent).Duration() > Window)
        {
            return false;
        }

        var prefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var expected = Encoding.ASCII.GetBytes("v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, message)));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
