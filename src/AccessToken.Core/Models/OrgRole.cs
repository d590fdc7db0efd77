using System;
using System.Text.Json.Serialization;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Models
{
    /// <summary>A token's role in one organization, and on its single applications and dashboards (API 1.30 user tokens).</summary>
    public sealed class OrgRole
    {
        private ResourceRole[] _applicationRoles = Array.Empty<ResourceRole>();
        private ResourceRole[] _dashboardRoles = Array.Empty<ResourceRole>();

        /// <summary>The organization's id, or <c>sandbox</c> for the user's own sandbox.</summary>
        [JsonInclude]
        public string? OrgId { get; internal set; }

        /// <summary>The role in the organization: <c>admin</c>, <c>edit</c>, <c>collaborate</c>, <c>view</c> or <c>none</c>.</summary>
        [JsonInclude]
        public string? Role { get; internal set; }

        /// <summary>Roles on single applications of the organization; empty when none are given.</summary>
        [JsonInclude]
        public ResourceRole[] ApplicationRoles
        {
            get => _applicationRoles;
            internal set => _applicationRoles = ShapeException.ItemsOrEmpty(value);
        }

        /// <summary>Roles on single dashboards of the organization; empty when none are given.</summary>
        [JsonInclude]
        public ResourceRole[] DashboardRoles
        {
            get => _dashboardRoles;
            internal set => _dashboardRoles = ShapeException.ItemsOrEmpty(value);
        }

        /// <inheritdoc />
        public override string ToString() => $"{OrgId}: {Role}";
    }
}
