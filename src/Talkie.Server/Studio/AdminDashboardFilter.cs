using Hangfire.Dashboard;
using Talkie.Server.Accounts;

namespace Talkie.Server.Studio;

/// <summary>Lets only administrators (signed in to the studio with an administrator key) see the Hangfire dashboard.</summary>
internal sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(TalkieClaims.AdminRole);
}
