using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Models
{
    /// <summary>A token's role on one application or dashboard of an organization (API 1.30 user tokens).</summary>
    public sealed class ResourceRole
    {
        /// <summary>The id of the application or dashboard.</summary>
        [JsonInclude]
        public string? ResourceId { get; internal set; }

        /// <summary>The role on it: <c>collaborate</c>, <c>view</c> or <c>none</c>.</summary>
        [JsonInclude]
        public string? Role { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{ResourceId}: {Role}";
    }
}
