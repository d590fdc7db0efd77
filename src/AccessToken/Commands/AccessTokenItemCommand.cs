using System.Management.Automation;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// The input of the cmdlets that act on existing tokens: ids (strings, or any object with an
    /// Id property) or token objects from Get-AccessToken.
    /// </summary>
    /// <remarks>
    /// Cmdlets deriving from this declare no default parameter set: PowerShell binds pipeline input
    /// to the default set's parameters first, so a default of ById would take a piped token by its
    /// Id property and never reach InputObject.
    /// </remarks>
    public abstract class AccessTokenItemCommand : AccessTokenIdCommand
    {
        /// <summary>The parameter set of token-object input.</summary>
        protected const string ByObjectSet = "ByObject";

        /// <summary>A token as Get-AccessToken emits it, from the pipeline.</summary>
        /// <remarks>A single object, not an array: the exact type match makes a piped token bind here rather than by its Id property.</remarks>
        [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AccessToken InputObject { get; set; } = null!;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByObjectSet) ProcessItem(InputObject.Id, InputObject);
            else ProcessIds();
        }
    }
}
