using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Dpse.Discord.Http;

/// <summary>
/// Checks Discord's Ed25519 signature on an HTTP interaction: <c>X-Signature-Ed25519</c> over
/// <c>X-Signature-Timestamp</c> + the raw body, with the application's public key. Also refuses a timestamp more than
/// <see cref="Window"/> away and a signature already seen, so a captured request cannot be replayed.
/// </summary>
internal sealed class InteractionSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const int SignatureBytes = 64;

    private readonly PublicKey _key;
    private readonly TimeProvider _time;
    private readonly SeenSignatures _seen;

    public InteractionSignature(IOptions<DiscordOptions> options, TimeProvider time)
    {
        _key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(options.Value.PublicKey ?? ""), KeyBlobFormat.RawPublicKey);
        _time = time;
        _seen = new SeenSignatures(time, Window + Window);
    }

    /// <summary>True when the request is signed by the application's key, fresh, and not seen before.</summary>
    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (signatureHex is not { Length: SignatureBytes * 2 } || !signatureHex.All(char.IsAsciiHexDigit)
            || string.IsNullOrEmpty(timestamp) || timestamp.Length > 20
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > Window)
        {
            return false;
        }

        var prefix = Encoding.ASCII.GetBytes(timestamp);
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        if (!SignatureAlgorithm.Ed25519.Verify(_key, message, Convert.FromHexString(signatureHex)))
        {
            return false;
        }

        // Only a valid signature is remembered: forged ones cannot fill the memory.
        return _seen.TryAdd(signatureHex.ToLowerInvariant());
    }
}
