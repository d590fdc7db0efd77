using System;
using System.Collections.Generic;
using System.Security;

namespace Losant.AccessTokens.Models
{
    /// <summary>A Losant API access token, as the API describes it.</summary>
    public sealed class AccessToken
    {
        private static readonly IReadOnlyDictionary<string, object?> NoAdditionalProperties =
            new Dictionary<string, object?>(0);

        /// <summary>The token's id: 24 hexadecimal characters.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The id of the user who owns the token.</summary>
        public string? UserId { get; internal set; }

        /// <summary>The token's name.</summary>
        public string? Name { get; internal set; }

        /// <summary>When the token was created (UTC).</summary>
        public DateTime? CreationDate { get; internal set; }

        /// <summary>When the token was last changed (UTC).</summary>
        public DateTime? LastUpdated { get; internal set; }

        /// <summary>When the token expires (UTC); null when it never expires.</summary>
        public DateTime? ExpirationDate { get; internal set; }

        /// <summary>The scopes the token grants, e.g. <c>all.Application</c>.</summary>
        public string[] Scope { get; internal set; } = Array.Empty<string>();

        /// <summary>Whether the token can be used.</summary>
        public AccessTokenStatus? Status { get; internal set; }

        /// <summary>
        /// The secret itself, only in the answer to a creation; null otherwise. Kept as a
        /// SecureString so that no default view, log or string conversion can show it.
        /// </summary>
        public SecureString? Token { get; internal set; }

        /// <summary>True when the token has an expiration date that has passed.</summary>
        public bool IsExpired => ExpirationDate.HasValue && ExpirationDate.Value <= DateTime.UtcNow;

        /// <summary>
        /// Fields the API sent beyond the schema (<c>_links</c>, <c>_type</c>, ...), kept as
        /// dictionaries, arrays, strings, numbers and booleans.
        /// </summary>
        public IReadOnlyDictionary<string, object?> AdditionalProperties { get; internal set; } = NoAdditionalProperties;

        /// <inheritdoc />
        public override string ToString() => Name ?? Id;
    }
}
