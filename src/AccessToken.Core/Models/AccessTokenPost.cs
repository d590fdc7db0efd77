using System;

namespace Losant.AccessTokens.Models
{
    /// <summary>The fields of a new token (<c>accessTokenPost</c>); only those set are sent.</summary>
    public sealed class AccessTokenPost
    {
        /// <summary>Creates the description of a token with the given name.</summary>
        public AccessTokenPost(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

        // Declared in the order the body carries them.

        /// <summary>The token's name (required).</summary>
        public string Name { get; }

        /// <summary>What the token is for, or null for no description (API 1.30).</summary>
        public string? Description { get; set; }

        /// <summary>When the token expires, or null for never. Sent as ISO 8601 UTC.</summary>
        public DateTime? ExpirationDate { get; set; }

        /// <summary>A user token's default role, or null to let the API choose (API 1.30).</summary>
        public string? DefaultRole { get; set; }

        /// <summary>The scopes to grant, or null to let the API choose.</summary>
        public string[]? Scope { get; set; }

        /// <summary>The initial status, or null to let the API choose.</summary>
        public AccessTokenStatus? Status { get; set; }
    }
}
