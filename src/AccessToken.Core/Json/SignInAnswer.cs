using System.Security;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>The answer to a password sign-in (<c>authedUser</c>): the user and a token for the calls that follow.</summary>
    internal sealed class SignInAnswer
    {
        [JsonInclude]
        public string? UserId { get; set; }

        /// <summary>The user token, straight into a SecureString: it is as secret as the password.</summary>
        [JsonInclude]
        [JsonConverter(typeof(SecretConverter))]
        public SecureString? Token { get; set; }
    }
}
