#Requires -Version 7.2
<#
.SYNOPSIS
    Publishes the packaged module to the PowerShell Gallery, once its release tag is checked.
.DESCRIPTION
    Run by the release workflow after build.ps1 -Task Package. It checks that the tag names the
    manifest's version (v0.1.0 for ModuleVersion 0.1.0, v0.2.0-beta1 with Prerelease beta1) and
    that out/AccessToken.<version>.nupkg exists, then publishes that package with
    Publish-PSResource. The API key comes from the environment variable PSGALLERY_API_KEY, never
    from the command line, and is never written anywhere.

    A dry run (-DryRun, or no PSGALLERY_API_KEY) does every check, stops before publishing and
    says so. Without a tag only a dry run is possible: what is published is always a tagged version.
.PARAMETER Tag
    The git tag of the release, such as v0.1.0; empty when the workflow was started on a branch.
.PARAMETER PackagePath
    The folder holding the package (out).
.PARAMETER ManifestPath
    The module manifest whose ModuleVersion the tag must name.
.PARAMETER Repository
    Where to publish; the PowerShell Gallery unless a registered repository is named.
.PARAMETER DryRun
    Check everything, publish nothing.
#>
[CmdletBinding()]
param(
    [AllowEmptyString()] [string] $Tag = '',
    [Parameter(Mandatory)] [string] $PackagePath,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [string] $Repository = 'PSGallery',
    [switch] $DryRun
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
$version = $manifest.ModuleVersion
$prerelease = $manifest.PrivateData.PSData['Prerelease']
if ($prerelease) { $version = "$version-$prerelease" }

if ($Tag) {
    if ($Tag -cne "v$version") {
        throw "The tag '$Tag' does not name the manifest's version $version (ModuleVersion in $ManifestPath): tag the release v$version, or change ModuleVersion."
    }
    Write-Host "The tag $Tag is the manifest's version $version."
}
elseif (-not $DryRun) {
    throw "Only a tagged version is published: push the tag v$version, or run with -DryRun."
}

$package = Join-Path $PackagePath "AccessToken.$version.nupkg"
if (-not (Test-Path -LiteralPath $package)) { throw "No package at ${package}: run build.ps1 -Task Package first." }

if ($DryRun -or -not $env:PSGALLERY_API_KEY) {
    $reason = if ($DryRun) { 'a dry run was asked for' } else { 'the PSGALLERY_API_KEY secret is not set' }
    Write-Host "Dry run: $package was checked and is not published to $Repository, because $reason."
    return
}

Publish-PSResource -NupkgPath $package -Repository $Repository -ApiKey $env:PSGALLERY_API_KEY
Write-Host "Published AccessToken $version to $Repository."
