using System.Text;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>Reads a token from JSON text written in a test.</summary>
internal static class TokenText
{
    public static AccessToken Parse(string json) => AccessTokenJson.ParseToken(Encoding.UTF8.GetBytes(json));
}
