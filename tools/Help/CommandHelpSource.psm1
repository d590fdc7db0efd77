#Requires -Version 7.2
# What the help sources say of each cmdlet: its synopsis, description, parameters, examples,
# inputs, outputs, notes and links, read from <Cmdlet>.md with SharedParameters.md's parameters
# beneath its own.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'HelpMarkdown.psm1')

$SharedParametersFile = 'SharedParameters.md'
$NotCmdletFiles = @('README.md', $SharedParametersFile)

function Get-ParameterText($items, [string] $path) {
    $parameters = @{}
    foreach ($item in $items) {
        if ($item.Title -notmatch '^-(\w+)$') { throw "${path}: the parameter heading '### $($item.Title)' must read '### -Name'." }
        $name = $Matches[1]
        $paragraphs = [System.Collections.Generic.List[string]]::new([string[]]@(Get-Paragraph $item.Lines))
        $default = $null
        # 'Default value: ...' as a paragraph of its own feeds Get-Help's 'Default value' field.
        for ($i = $paragraphs.Count - 1; $i -ge 0; $i--) {
            if ($paragraphs[$i] -match '^Default value:\s*(.+)$') { $default = $Matches[1]; $paragraphs.RemoveAt($i) }
        }
        $parameters[$name] = @{ Paragraphs = $paragraphs.ToArray(); Default = $default }
    }
    $parameters
}

function Read-CommandHelp([string] $path, $shared) {
    $document = ConvertFrom-HelpMarkdown $path
    $sections = $document.Sections
    $section = { param($name) if ($sections.Contains($name)) { $sections[$name] } else { $null } }
    $text = { param($name) $s = & $section $name; if ($s) { Get-Paragraph $s.Lines } }

    $parameters = @{}
    foreach ($entry in $shared.GetEnumerator()) { $parameters[$entry.Key] = $entry.Value }
    $own = & $section 'Parameters'
    $ownNames = @()
    if ($own) {
        $ownParameters = Get-ParameterText $own.Items $path
        $ownNames = @($ownParameters.Keys)
        foreach ($entry in $ownParameters.GetEnumerator()) { $parameters[$entry.Key] = $entry.Value }
    }

    $examples = foreach ($item in (& $section 'Examples')?.Items) {
        $blocks = @(Split-Block $item.Lines)
        $codeIndex = [array]::FindIndex($blocks, [Predicate[object]] { param($b) $b.Kind -eq 'Code' })
        if ($codeIndex -lt 0) { throw "${path}: '$($item.Title)' has no code block." }
        @{
            Title   = $item.Title
            Code    = $blocks[$codeIndex].Text
            Remarks = @(for ($i = 0; $i -lt $blocks.Count; $i++) { if ($i -ne $codeIndex) { $blocks[$i].Text } })
        }
    }

    $types = {
        param($name)
        foreach ($item in (& $section $name)?.Items) { @{ Name = $item.Title; Paragraphs = @(Get-Paragraph $item.Lines) } }
    }

    $links = foreach ($line in (& $section 'Related Links')?.Lines) {
        if ($line -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)\s*$') { @{ Text = $Matches[1]; Uri = $Matches[2] } }
        elseif ($line -match '^\s*[-*]\s+(.+?)\s*$') { @{ Text = $Matches[1]; Uri = '' } }
    }

    @{
        Name        = $document.Name
        Synopsis    = @(& $text 'Synopsis')
        Description = @(& $text 'Description')
        Parameters  = $parameters
        OwnNames    = $ownNames
        Examples    = @($examples)
        Inputs      = @(& $types 'Inputs')
        Outputs     = @(& $types 'Outputs')
        Notes       = @(& $text 'Notes')
        Links       = @($links)
    }
}

function Read-CommandHelpFolder {
    <# The help of every cmdlet described in the folder, by cmdlet name. #>
    param([string] $SourcePath)
    $sharedPath = Join-Path $SourcePath $SharedParametersFile
    $shared = if (Test-Path $sharedPath) { Get-ParameterText ((ConvertFrom-HelpMarkdown $sharedPath).Sections['Parameters'].Items) $sharedPath } else { @{} }
    $helps = @{}
    foreach ($file in Get-ChildItem $SourcePath -Filter *.md) {
        if ($NotCmdletFiles -notcontains $file.Name) { $helps[$file.BaseName] = Read-CommandHelp $file.FullName $shared }
    }
    $helps
}

Export-ModuleMember -Function Read-CommandHelpFolder
