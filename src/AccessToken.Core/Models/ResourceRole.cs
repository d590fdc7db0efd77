namespace Losant.AccessTokens.Models
{
    /// <summary>A token's role on one application or dashboard of an organization (API 1.30 user tokens).</summary>
    public sealed class ResourceRole
    {
        internal ResourceRole(string? resourceId, string? role)
        {
            ResourceId = resourceId;
            Role = role;
        }

        /// <summary>The id of the application or dashboard.</summary>
        public string? ResourceId { get; }

        /// <summary>The role on it: <c>collaborate</c>, <c>view</c> or <c>none</c>.</summary>
        public string? Role { get; }

        /// <inheritdoc />
        public override string ToString() => $"{ResourceId}: {Role}";
    }
}
