using System;
using System.Security;

namespace Losant.AccessTokens.Models
{
    /// <summary>A Losant API access token, as the API describes it.</summary>
    public sealed class AccessToken
    {
        private string[] _scope = Array.Empty<string>();
        private OrgRole[] _orgRoles = Array.Empty<OrgRole>();
        private ValueList<string>? _scopeList;
        private ValueList<OrgRole>? _orgRoleList;
        private FieldDictionary? _additionalFields;

        // The fields beyond the schema as the answer sent them, one JSON object, read into plain
        // values only when someone asks for AdditionalProperties; null when there were none.
        private byte[]? _unknownFields;

        /// <summary>The token's id: 24 hexadecimal characters.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The id of the user who owns the token (API 1.3.7).</summary>
        public string? UserId { get; internal set; }

        /// <summary>The token's name.</summary>
        public string? Name { get; internal set; }

        /// <summary>What the token is for, in its owner's words (API 1.30).</summary>
        public string? Description { get; internal set; }

        /// <summary>The id of the application or user that owns the token (API 1.30).</summary>
        public string? OwnerId { get; internal set; }

        /// <summary>What owns the token: <c>application</c> or <c>user</c>, kept as sent so a new kind still lists (API 1.30).</summary>
        public string? OwnerType { get; internal set; }

        /// <summary>The id of whoever created the token (API 1.30).</summary>
        public string? CreatorId { get; internal set; }

        /// <summary>What created the token: <c>apiToken</c>, <c>user</c> or <c>flow</c>, kept as sent (API 1.30).</summary>
        public string? CreatorType { get; internal set; }

        /// <summary>The name of whoever created the token (API 1.30).</summary>
        public string? CreatorName { get; internal set; }

        /// <summary>When the token was created (UTC).</summary>
        public DateTime? CreationDate { get; internal set; }

        /// <summary>When the token was last changed (UTC).</summary>
        public DateTime? LastUpdated { get; internal set; }

        /// <summary>When the token expires (UTC); null when it never expires.</summary>
        public DateTime? ExpirationDate { get; internal set; }

        /// <summary>The scopes the token grants, e.g. <c>all.Application</c>.</summary>
        public ValueList<string> Scope => _scopeList ??= _scope.Length == 0 ? ValueList<string>.Empty : new ValueList<string>(_scope);

        /// <summary>A user token's role wherever <see cref="OrgRoles"/> names none: <c>admin</c>, <c>edit</c>, <c>collaborate</c>, <c>view</c> or <c>none</c> (API 1.30).</summary>
        public string? DefaultRole { get; internal set; }

        /// <summary>A user token's roles in single organizations; empty when none are given (API 1.30).</summary>
        public ValueList<OrgRole> OrgRoles => _orgRoleList ??= _orgRoles.Length == 0 ? ValueList<OrgRole>.Empty : new ValueList<OrgRole>(_orgRoles);

        /// <summary>The id of the application the token belongs to; null for user and instance tokens.</summary>
        public string? ApplicationId { get; internal set; }

        /// <summary>The name of that application, when the token was listed with -AllApplications.</summary>
        public string? ApplicationName { get; internal set; }

        /// <summary>The id of the Enterprise instance the token belongs to; null for user and application tokens.</summary>
        public string? InstanceId { get; internal set; }

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
        public FieldDictionary AdditionalProperties => _additionalFields ??= _unknownFields == null ? FieldDictionary.Empty : FieldDictionary.Read(_unknownFields);

        // The public lists wrap these arrays when first asked for.
        internal string[] ScopeItems
        {
            get => _scope;
            set => _scope = value;
        }

        internal OrgRole[] OrgRoleItems
        {
            get => _orgRoles;
            set => _orgRoles = value;
        }

        internal byte[]? UnknownFields
        {
            get => _unknownFields;
            set => _unknownFields = value;
        }

        /// <inheritdoc />
        public override string ToString() => Name ?? Id;
    }
}
