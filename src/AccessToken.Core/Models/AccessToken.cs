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
        private object? _links;
        private object? _type;

        // Where each of the two came in the answer, so that AdditionalProperties keeps its order:
        // how many other extras came before it, times four, plus the order the two came in (1 or
        // 2); 0 when it did not come.
        private int _linksPlace;
        private int _typePlace;

        /// <summary>The token's id: 24 hexadecimal characters.</summary>
        [JsonIgnore]
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The id of the user who owns the token (API 1.3.7).</summary>
        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? UserId { get; internal set; }

        /// <summary>The token's name.</summary>
        [JsonInclude]
        public string? Name { get; internal set; }

        /// <summary>What the token is for, in its owner's words (API 1.30).</summary>
        [JsonInclude]
        public string? Description { get; internal set; }

        /// <summary>The id of the application or user that owns the token (API 1.30).</summary>
        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? OwnerId { get; internal set; }

        /// <summary>What owns the token: <c>application</c> or <c>user</c>, kept as sent so a new kind still lists (API 1.30).</summary>
        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? OwnerType { get; internal set; }

        /// <summary>The id of whoever created the token (API 1.30).</summary>
        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? CreatorId { get; internal set; }

        /// <summary>What created the token: <c>apiToken</c>, <c>user</c> or <c>flow</c>, kept as sent (API 1.30).</summary>
        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
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
        public FieldDictionary AdditionalProperties => _additionalFields ??= CollectAdditionalFields();

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
        [JsonConverter(typeof(RepeatedTextConverter))]
        internal string? IdField { get; set; }

        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        internal string? AccessTokenId { get; set; }

        [JsonInclude]
        [JsonConverter(typeof(RepeatedTextConverter))]
        internal string? ApiTokenId { get; set; }

        // Today's API sends these two with every token. Read as fields of their own they need no
        // dictionary of extras, and the links stay compact until AdditionalProperties is read:
        // together some 900 bytes less for every token read.
        [JsonInclude]
        [JsonPropertyName("_links")]
        [JsonConverter(typeof(LinksConverter))]
        internal object? LinksField
        {
            get => _links;
            set
            {
                _links = value;
                _linksPlace = NextKnownExtraPlace();
            }
        }

        [JsonInclude]
        [JsonPropertyName("_type")]
        internal object? TypeField
        {
            get => _type;
            set
            {
                _type = value;
                _typePlace = NextKnownExtraPlace();
            }
        }

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

        private int NextKnownExtraPlace() =>
            ((_additionalProperties?.Count ?? 0) << 2) + (_linksPlace == 0 && _typePlace == 0 ? 1 : 2);

        // The fields beyond the schema, the two read on their own among them, in the answer's order.
        private FieldDictionary CollectAdditionalFields()
        {
            if (_linksPlace == 0 && _typePlace == 0) return _additionalProperties == null ? FieldDictionary.Empty : new FieldDictionary(_additionalProperties);
            var fields = new Dictionary<string, object?>((_additionalProperties?.Count ?? 0) + 2, StringComparer.OrdinalIgnoreCase);
            var before = 0;
            if (_additionalProperties != null)
            {
                foreach (var field in _additionalProperties)
                {
                    AddKnownExtras(fields, before);
                    fields[field.Key] = field.Value;
                    before++;
                }
            }

            AddKnownExtras(fields, int.MaxValue >> 2);
            return new FieldDictionary(fields);
        }

        // Adds _links and _type, in the order they came, once the extras before them are in.
        private void AddKnownExtras(Dictionary<string, object?> fields, int before)
        {
            var typeFirst = _typePlace < _linksPlace;
            if (typeFirst) AddKnownExtra(fields, "_type", _typePlace, _type, before);
            AddKnownExtra(fields, "_links", _linksPlace, _links, before);
            if (!typeFirst) AddKnownExtra(fields, "_type", _typePlace, _type, before);
        }

        private static void AddKnownExtra(Dictionary<string, object?> fields, string name, int place, object? value, int before)
        {
            if (place == 0 || place >> 2 > before || fields.ContainsKey(name)) return;
            fields[name] = value is CompactLinks links ? links.ToPlain() : value;
        }

        void IJsonOnDeserialized.OnDeserialized()
        {
            Id = IdField ?? AccessTokenId ?? ApiTokenId ?? throw new ShapeException("the access token has no id");
        }
    }
}
