using System.Security.Cryptography;
using System.Text;
using Dpse.Core.Identity;

namespace Dpse.Core.Privacy;

/// <summary>
/// How a store remembers that a person was erased without keeping their identity in readable form: HMAC-SHA256 of the
/// person key under a random secret that the store creates once and keeps (so the fingerprint cannot be recomputed
/// from a user id alone). Every store uses this one function so the rule is the same everywhere.
/// </summary>
public static class ErasureFingerprint
{
    /// <summary>Bytes of secret a store creates.</summary>
    public const int SecretLength = 32;

    /// <summary>A fresh random secret.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretLength);

    /// <summary>The fingerprint of <paramref name="person"/> under <paramref name="secret"/>, as lower-case hex.</summary>
    public static string Of(ReadOnlySpan<byte> secret, ActorRef person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(person.Key)));
    }
}
