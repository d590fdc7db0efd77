#Requires -Version 7.2
<#
.SYNOPSIS
    Builds the module's help: AccessToken.dll-Help.xml (MAML) and about_AccessToken.help.txt.
.DESCRIPTION
    The text comes from one markdown file per cmdlet in -SourcePath (the format is described in
    module/help/README.md); everything the code already knows comes from the built cmdlets
    themselves: parameter types, mandatory, position, pipeline input, aliases, wildcards,
    accepted values and the parameter sets that make the syntax, as PowerShell's CmdletInfo
    (what Get-Command shows) computes them over the built assembly. The assembly is read into a
    load context of its own rather than imported, so no file stays locked and the calling
    session never holds a stale copy of it.

    The build fails when an exported cmdlet has no help file, no synopsis or description, or a
    parameter (other than PowerShell's common parameters) without text; and when a help file
    describes a parameter the cmdlet does not have.
.PARAMETER SourcePath
    The folder of the markdown sources: <Cmdlet>.md, SharedParameters.md and about_*.help.txt.
.PARAMETER ManifestPath
    The built module's manifest.
.PARAMETER OutputPath
    The culture folder to write, e.g. out/AccessToken/en-US.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Relative paths would mean something else to .NET, whose current directory is not the location.
$SourcePath = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
$ManifestPath = (Resolve-Path -LiteralPath $ManifestPath).ProviderPath
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)

# Each job of the build has a module of its own: reading the markdown sources, reading the built
# cmdlets, finding what the help leaves out, and writing MAML. Imported into this script's scope
# only, so that the build's session is left with none of their functions.
foreach ($module in 'CommandHelpSource', 'CommandMetadata', 'HelpCompleteness', 'MamlWriter') {
    Import-Module (Join-Path $PSScriptRoot "Help/$module.psm1") -Scope Local -Force
}

$commands = Get-CommandMetadata $ManifestPath
$helps = Read-CommandHelpFolder $SourcePath
$problems = @(Get-HelpGap $commands $helps $SourcePath)
if ($problems.Count) { throw "The help is incomplete:`n  " + ($problems -join "`n  ") }

New-Item -ItemType Directory -Force $OutputPath | Out-Null
$mamlPath = Join-Path $OutputPath 'AccessToken.dll-Help.xml'
Write-MamlHelp $mamlPath $commands $helps

foreach ($about in Get-ChildItem $SourcePath -Filter 'about_*.help.txt') { Copy-Item $about.FullName $OutputPath }
Write-Host "Help: $mamlPath ($($commands.Count) cmdlets)"
