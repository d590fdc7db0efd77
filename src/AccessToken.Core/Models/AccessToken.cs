using System;
using System.Collections.Generic;
using System.Security;
using System.Text.Json.Serialization;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Models
{
    /// <summary>A Losant API access token, as the API describes it.</summary>
    public sealed class AccessToken : IJsonOnDeserialized
    {
        private string[] _scope = Array.Empty<string>();
        private OrgRole[] _orgRoles = Array.Empty<OrgRole>();
        private Dictionary<string, object?>? _additionalProperties;
        private ValueList<string>? _scopeList;
        private ValueList<OrgRole>? _orgRoleList;
        private FieldDictionary? _additionalFields;

        /// <summary>The token's id: 24 hexadecimal characters.</summary>
        [JsonIgnore]
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The id of the user who owns the token (API 1.3.7).</summary>
        [JsonInclude]
        public string? UserId { get; internal set; }

        /// <summary>The token's name.</summary>
        [JsonInclude]
        public string? Name { get; internal set; }

        /// <summary>What the token is for, in its owner's words (API 1.30).</summary>
        [JsonInclude]
        public string? Description { get; internal set; }

        /// <summary>The id of the application or user that owns the token (API 1.30).</summary>
        [JsonInclude]
        public string? OwnerId { get; internal set; }

        /// <summary>What owns the token: <c>application</c> or <c>user</c>, kept as sent so a new kind still lists (API 1.30).</summary>
        [JsonInclude]
        public string? OwnerType { get; internal set; }

        /// <summary>The id of whoever created the token (API 1.30).</summary>
        [JsonInclude]
        public string? CreatorId { get; internal set; }

        /// <summary>What created the token: <c>apiToken</c>, <c>user</c> or <c>flow</c>, kept as sent (API 1.30).</summary>
        [JsonInclude]
        public string? CreatorType { get; internal set; }

        /// <summary>The name of whoever created the token (API 1.30).</summary>
        [JsonInclude]
        public string? CreatorName { get; internal set; }

        /// <summary>When the token was created (UTC).</summary>
        [JsonInclude]
        public DateTime? CreationDate { get; internal set; }

        /// <summary>When the token was last changed (UTC).</summary>
        [JsonInclude]
        public DateTime? LastUpdated { get; internal set; }

        /// <summary>When the token expires (UTC); null when it never expires.</summary>
        [JsonInclude]
        public DateTime? ExpirationDate { get; internal set; }

        /// <summary>The scopes the token grants, e.g. <c>all.Application</c>.</summary>
        [JsonIgnore]
        public ValueList<string> Scope => _scopeList ??= _scope.Length == 0 ? ValueList<string>.Empty : new ValueList<string>(_scope);

        /// <summary>A user token's role wherever <see cref="OrgRoles"/> names none: <c>admin</c>, <c>edit</c>, <c>collaborate</c>, <c>view</c> or <c>none</c> (API 1.30).</summary>
        [JsonInclude]
        public string? DefaultRole { get; internal set; }

        /// <summary>A user token's roles in single organizations; empty when none are given (API 1.30).</summary>
        [JsonIgnore]
        public ValueList<OrgRole> OrgRoles => _orgRoleList ??= _orgRoles.Length == 0 ? ValueList<OrgRole>.Empty : new ValueList<OrgRole>(_orgRoles);

        /// <summary>The id of the application the token belongs to; null for user and instance tokens.</summary>
        [JsonIgnore]
        public string? ApplicationId { get; internal set; }

        /// <summary>The name of that application, when the token was listed with -AllApplications.</summary>
        [JsonIgnore]
        public string? ApplicationName { get; internal set; }

        /// <summary>The id of the Enterprise instance the token belongs to; null for user and application tokens.</summary>
        [JsonIgnore]
        public string? InstanceId { get; internal set; }

        /// <summary>Whether the token can be used.</summary>
        [JsonInclude]
        public AccessTokenStatus? Status { get; internal set; }

        /// <summary>
        /// The secret itself, only in the answer to a creation; null otherwise. Kept as a
        /// SecureString so that no default view, log or string conversion can show it.
        /// </summary>
        [JsonInclude]
        [JsonConverter(typeof(SecretConverter))]
        public SecureString? Token { get; internal set; }

        /// <summary>True when the token has an expiration date that has passed.</summary>
        [JsonIgnore]
        public bool IsExpired => ExpirationDate.HasValue && ExpirationDate.Value <= DateTime.UtcNow;

        /// <summary>
        /// Fields the API sent beyond the schema (<c>_links</c>, <c>_type</c>, ...), kept as
        /// dictionaries, arrays, strings, numbers and booleans.
        /// </summary>
        [JsonIgnore]
        public FieldDictionary AdditionalProperties =>
            _additionalFields ??= _additionalProperties == null ? FieldDictionary.Empty : new FieldDictionary(_additionalProperties);

        // The wire's arrays, read as arrays; the public lists wrap them when first asked for.
        [JsonInclude]
        [JsonPropertyName("scope")]
        internal string[] ScopeItems
        {
            get => _scope;
            // A JSON null means absent, and absent is no scopes.
            set => _scope = value ?? Array.Empty<string>();
        }

        [JsonInclude]
        [JsonPropertyName("orgRoles")]
        internal OrgRole[] OrgRoleItems
        {
            get => _orgRoles;
            set => _orgRoles = ShapeException.ItemsOrEmpty(value);
        }

        // The API names the id three ways across its versions: each spelling is read on its own
        // and OnDeserialized settles Id, whatever order the fields came in.
        [JsonInclude]
        [JsonPropertyName("id")]
        internal string? IdField { get; set; }

        [JsonInclude]
        internal string? AccessTokenId { get; set; }

        [JsonInclude]
        internal string? ApiTokenId { get; set; }

        // The serializer asks for the dictionary only when an unknown field arrives, so a token
        // without extras allocates none; keys are matched as PowerShell users type them.
        [JsonInclude]
        [JsonExtensionData]
        internal Dictionary<string, object?> ExtensionData
        {
            get => _additionalProperties ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            set => _additionalProperties = value;
        }

        /// <inheritdoc />
        public override string ToString() => Name ?? Id;

        /// <summary>Remembers whose collection the token came from, so a change is sent back to the same place.</summary>
        internal AccessToken PlaceUnder(Api.TokenOwner owner, string? applicationName = null)
        {
            if (owner.Kind == Api.TokenOwnerKind.Application)
            {
                ApplicationId = owner.Id;
                ApplicationName = applicationName;
            }
            else if (owner.Kind == Api.TokenOwnerKind.Instance)
            {
                InstanceId = owner.Id;
            }

            return this;
        }

        void IJsonOnDeserialized.OnDeserialized()
        {
            Id = IdField ?? AccessTokenId ?? ApiTokenId ?? throw new ShapeException("the access token has no id");
        }
    }
}
