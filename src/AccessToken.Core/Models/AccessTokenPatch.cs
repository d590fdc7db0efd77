using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Models
{
    /// <summary>The fields of an update (<c>accessTokenPatch</c>); only those set are sent.</summary>
    public sealed class AccessTokenPatch
    {
        // Declared in the order the body carries them.

        /// <summary>The new name, or null to leave it.</summary>
        public string? Name { get; set; }

        /// <summary>The new description, or null to leave it (API 1.30).</summary>
        public string? Description { get; set; }

        /// <summary>The new default role of a user token, or null to leave it (API 1.30).</summary>
        public string? DefaultRole { get; set; }

        /// <summary>The new status, or null to leave it.</summary>
        public AccessTokenStatus? Status { get; set; }

        /// <summary>True when at least one field is set.</summary>
        [JsonIgnore]
        public bool HasChanges => Name != null || Description != null || DefaultRole != null || Status.HasValue;
    }
}
