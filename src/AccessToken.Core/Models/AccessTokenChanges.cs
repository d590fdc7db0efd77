using System;

namespace Losant.AccessTokens.Models
{
    /// <summary>The fields of an update (<c>accessTokenPatch</c>); only those set are sent.</summary>
    public sealed class AccessTokenPatch
    {
        /// <summary>The new name, or null to leave it.</summary>
        public string? Name { get; set; }

        /// <summary>The new status, or null to leave it.</summary>
        public AccessTokenStatus? Status { get; set; }

        /// <summary>True when at least one field is set.</summary>
        public bool HasChanges => Name != null || Status.HasValue;
    }

    /// <summary>The fields of a new token (<c>accessTokenPost</c>); only those set are sent.</summary>
    public sealed class AccessTokenPost
    {
        /// <summary>Creates the description of a token with the given name.</summary>
        public AccessTokenPost(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

        /// <summary>The token's name (required).</summary>
        public string Name { get; }

        /// <summary>The scopes to grant, or null to let the API choose.</summary>
        public string[]? Scope { get; set; }

        /// <summary>When the token expires, or null for never. Sent as ISO 8601 UTC.</summary>
        public DateTime? ExpirationDate { get; set; }

        /// <summary>The initial status, or null to let the API choose.</summary>
        public AccessTokenStatus? Status { get; set; }
    }
}
