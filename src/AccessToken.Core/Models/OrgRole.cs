using System.Text;

namespace Losant.AccessTokens.Models
{
    /// <summary>A token's role in one organization, and on its single applications and dashboards (API 1.30 user tokens).</summary>
    public sealed class OrgRole
    {
        private readonly ResourceRole[] _applicationRoles;
        private readonly ResourceRole[] _dashboardRoles;

        internal OrgRole(string? orgId, string? role, ResourceRole[] applicationRoles, ResourceRole[] dashboardRoles)
        {
            OrgId = orgId;
            Role = role;
            _applicationRoles = applicationRoles;
            _dashboardRoles = dashboardRoles;
        }

        /// <summary>The organization's id, or <c>sandbox</c> for the user's own sandbox.</summary>
        public string? OrgId { get; }

        /// <summary>The role in the organization: <c>admin</c>, <c>edit</c>, <c>collaborate</c>, <c>view</c> or <c>none</c>.</summary>
        public string? Role { get; }

        /// <summary>Roles on single applications of the organization; empty when none are given.</summary>
        public ResourceRole[] ApplicationRoles => _applicationRoles;

        /// <summary>Roles on single dashboards of the organization; empty when none are given.</summary>
        public ResourceRole[] DashboardRoles => _dashboardRoles;

        /// <summary>
        /// The organization and its role, then the roles on single resources, e.g.
        /// <c>sandbox: edit (application 5b00…01: collaborate; dashboard 5b00…02: view)</c>: what the
        /// list view shows on one line and what Export-Csv writes.
        /// </summary>
        public override string ToString()
        {
            if (_applicationRoles.Length == 0 && _dashboardRoles.Length == 0) return $"{OrgId}: {Role}";
            var text = new StringBuilder().Append(OrgId).Append(": ").Append(Role).Append(" (");
            AppendRoles(text, "application ", _applicationRoles, first: true);
            AppendRoles(text, "dashboard ", _dashboardRoles, first: _applicationRoles.Length == 0);
            return text.Append(')').ToString();
        }

        private static void AppendRoles(StringBuilder text, string kind, ResourceRole[] roles, bool first)
        {
            foreach (var role in roles)
            {
                if (!first) text.Append("; ");
                text.Append(kind).Append(role);
                first = false;
            }
        }
    }
}
