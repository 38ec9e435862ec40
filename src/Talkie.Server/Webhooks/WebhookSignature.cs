using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Talkie.Server.Webhooks;

/// <summary>
/// The webhook signature: header <c>Talkie-Signature: t=UNIX_SECONDS,v1=HEX</c>, where HEX is the
/// HMAC-SHA256, keyed with the endpoint's secret (UTF-8), of the timestamp, a dot and the raw body.
/// A receiver recomputes it, compares in constant time, and refuses timestamps older than a few minutes.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header's name.</summary>
    public const string Header = "Talkie-Signature";

    /// <summary>Signs a body at a time.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}")));
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }

    /// <summary>Verifies a header against a body, as a receiver does.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(header);
        long? timestamp = null;
        string? given = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim() == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (pair.Length == 2 && pair[0].Trim() == "v1")
            {
                given = pair[1].Trim();
            }
        }

        if (timestamp is null || given is null || Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Sign(secret, timestamp.Value, body).Split(",v1=")[1];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }
}
