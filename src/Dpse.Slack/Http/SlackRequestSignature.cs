using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dpse.Slack.SocketMode;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.Http;

/// <summary>
/// Checks Slack's <c>v0</c> request signature: <c>X-Slack-Signature</c> = <c>v0=</c> + hex HMAC-SHA256 with the signing
/// secret over <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>, compared in constant time. A timestamp more than
/// <see cref="Window"/> away, or a signature already accepted, is refused, so a captured request cannot be replayed.
/// </summary>
internal sealed class SlackRequestSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly EnvelopeDeduplicator _seen;

    public SlackRequestSignature(IOptions<SlackOptions> options, TimeProvider time)
    {
        _secret = Encoding.UTF8.GetBytes(options.Value.SigningSecret ?? "");
        _time = time;
        _seen = new EnvelopeDeduplicator(time);
    }

    /// <summary>True when the request is signed with the signing secret, fresh, and not seen before.</summary>
    public bool Verify(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (_secret.Length == 0 || string.IsNullOrEmpty(signature) || signature.Length > 100
            || string.IsNullOrEmpty(timestamp) || timestamp.Length > 20
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
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
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }

        // Only a valid signature is remembered: forged ones cannot fill the memory.
        return _seen.TryBegin(signature);
    }
}
