using System;
using System.Security;
using System.Text.Json.Serialization;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// A token as the API sends it, field by field, for the serializer: each field is written
    /// straight into the public <see cref="AccessToken"/> (<see cref="Model"/>), so a token read
    /// leaves only this small shell behind. Fields beyond these are not read here:
    /// <see cref="UnknownFields"/> keeps them as JSON.
    /// </summary>
    internal sealed class AccessTokenWire : IJsonOnDeserialized
    {
        private OrgRoleWire[] _orgRoles = Array.Empty<OrgRoleWire>();

        /// <summary>The token the fields are read into.</summary>
        [JsonIgnore]
        public AccessToken Model { get; } = new AccessToken();

        // The API names the id three ways across its versions; the first of these that came is the id.
        [JsonPropertyName("id")]
        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? Id { get; set; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? AccessTokenId { get; set; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? ApiTokenId { get; set; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? UserId { get => Model.UserId; set => Model.UserId = value; }

        public string? Name { get => Model.Name; set => Model.Name = value; }

        public string? Description { get => Model.Description; set => Model.Description = value; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? OwnerId { get => Model.OwnerId; set => Model.OwnerId = value; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? OwnerType { get => Model.OwnerType; set => Model.OwnerType = value; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? CreatorId { get => Model.CreatorId; set => Model.CreatorId = value; }

        [JsonConverter(typeof(RepeatedTextConverter))]
        public string? CreatorType { get => Model.CreatorType; set => Model.CreatorType = value; }

        public string? CreatorName { get => Model.CreatorName; set => Model.CreatorName = value; }

        public DateTime? CreationDate { get => Model.CreationDate; set => Model.CreationDate = value; }

        public DateTime? LastUpdated { get => Model.LastUpdated; set => Model.LastUpdated = value; }

        public DateTime? ExpirationDate { get => Model.ExpirationDate; set => Model.ExpirationDate = value; }

        public string[] Scope
        {
            get => Model.ScopeItems;
            // A JSON null means absent, and absent is no scopes.
            set => Model.ScopeItems = value ?? Array.Empty<string>();
        }

        public string? DefaultRole { get => Model.DefaultRole; set => Model.DefaultRole = value; }

        public OrgRoleWire[] OrgRoles
        {
            get => _orgRoles;
            set
            {
                _orgRoles = ShapeException.ItemsOrEmpty(value);
                Model.OrgRoleItems = _orgRoles.Length == 0 ? Array.Empty<OrgRole>() : Array.ConvertAll(_orgRoles, role => role.ToModel());
            }
        }

        public AccessTokenStatus? Status { get => Model.Status; set => Model.Status = value; }

        [JsonConverter(typeof(SecretConverter))]
        public SecureString? Token { get => Model.Token; set => Model.Token = value; }

        /// <summary>The token read, with the fields beyond these as <see cref="UnknownFields"/> kept them.</summary>
        public AccessToken ToModel(byte[]? unknownFields)
        {
            Model.UnknownFields = unknownFields;
            return Model;
        }

        // Settled once the whole token is read, whatever order the fields came in.
        void IJsonOnDeserialized.OnDeserialized()
        {
            Model.Id = Id ?? AccessTokenId ?? ApiTokenId ?? throw new ShapeException("the access token has no id");
        }
    }

    /// <summary>A token's role in one organization as the API sends it (API 1.30 user tokens).</summary>
    internal sealed class OrgRoleWire
    {
        private ResourceRoleWire[] _applicationRoles = Array.Empty<ResourceRoleWire>();
        private ResourceRoleWire[] _dashboardRoles = Array.Empty<ResourceRoleWire>();

        public string? OrgId { get; set; }

        public string? Role { get; set; }

        public ResourceRoleWire[] ApplicationRoles
        {
            get => _applicationRoles;
            set => _applicationRoles = ShapeException.ItemsOrEmpty(value);
        }

        public ResourceRoleWire[] DashboardRoles
        {
            get => _dashboardRoles;
            set => _dashboardRoles = ShapeException.ItemsOrEmpty(value);
        }

        public OrgRole ToModel() => new OrgRole(OrgId, Role, ResourceRoleWire.ToModels(_applicationRoles), ResourceRoleWire.ToModels(_dashboardRoles));
    }

    /// <summary>A role on one application or dashboard as the API sends it.</summary>
    internal sealed class ResourceRoleWire
    {
        public string? ResourceId { get; set; }

        public string? Role { get; set; }

        public static ResourceRole[] ToModels(ResourceRoleWire[] roles) =>
            roles.Length == 0 ? Array.Empty<ResourceRole>() : Array.ConvertAll(roles, role => new ResourceRole(role.ResourceId, role.Role));
    }

    /// <summary>An application as the API sends it; the API names its id twice, and either will do.</summary>
    internal sealed class ApplicationWire : IJsonOnDeserialized
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        public string? ApplicationId { get; set; }

        public string? Name { get; set; }

        public Application ToModel() => new Application(Id!, Name);

        void IJsonOnDeserialized.OnDeserialized()
        {
            Id = Id ?? ApplicationId ?? throw new ShapeException("the application has no id");
        }
    }
}
