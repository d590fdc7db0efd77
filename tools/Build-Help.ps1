#Requires -Version 7.2
<#
.SYNOPSIS
    Builds the module's help: AccessToken.dll-Help.xml (MAML) and about_AccessToken.help.txt.
.DESCRIPTION
    The text comes from one markdown file per cmdlet in -SourcePath (the format is described in
    module/help/README.md); everything the code already knows comes from the built cmdlets
    themselves: parameter types, mandatory, position, pipeline input, aliases, wildcards,
    accepted values and the parameter sets that make the syntax. The built module is imported
    in a child pwsh, so the calling session never holds a stale copy of the assembly.

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

# Relative paths would mean something else to the child pwsh and to .NET.
$SourcePath = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
$ManifestPath = (Resolve-Path -LiteralPath $ManifestPath).ProviderPath
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)

$SharedParametersFile = 'SharedParameters.md'
$NotCmdletFiles = @('README.md', $SharedParametersFile)

#region Markdown

function ConvertFrom-HelpMarkdown {
    # Splits a help file into its sections: '# Name', '## Section', '### Item' headings; fenced
    # code blocks are kept whole, so a '#' inside code is never a heading.
    param([string] $Path)
    $document = [ordered]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null
    $item = $null
    $inFence = $false
    $lineNumber = 0
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $lineNumber++
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3})\s+(.+?)\s*$') {
            $level = $Matches[1].Length
            $title = $Matches[2]
            if ($level -eq 1) { $document.Name = $title; $section = $null; $item = $null; continue }
            if ($level -eq 2) {
                $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Items = [System.Collections.Generic.List[object]]::new() }
                $document.Sections[$title] = $section
                $item = $null
                continue
            }
            if ($null -eq $section) { throw "${Path}:${lineNumber}: '### $title' is outside any '## ' section." }
            $item = [ordered]@{ Title = $title; Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Items.Add($item)
            continue
        }
        if ($null -ne $item) { $item.Lines.Add($line) }
        elseif ($null -ne $section) { $section.Lines.Add($line) }
        elseif ($line.Trim()) { throw "${Path}:${lineNumber}: text before the first '## ' section." }
    }
    if ($inFence) { throw "${Path}: a code fence (```) is not closed." }
    $document
}

function ConvertTo-InlineText([string] $text) {
    # Help is plain text: markdown's inline marks go, link targets stay readable.
    if ($text.IndexOfAny([char[]]'[`*') -lt 0) { return $text }
    $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value) { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $text = [regex]::Replace($text, '`([^`]+)`', '$1')
    $text = [regex]::Replace($text, '\*\*([^*]+)\*\*', '$1')
    $text
}

function Split-Block {
    # Lines -> blocks: @{ Kind = 'Text' | 'Code'; Text }. A blank line ends a paragraph; list
    # items ('- ', '* ', '1. ') keep a line each; other lines of a paragraph join with a space.
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $flush = {
        if ($paragraph.Count -gt 0) {
            $blocks.Add(@{ Kind = 'Text'; Text = ($paragraph -join "`n") })
            $paragraph.Clear()
        }
    }
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```') { $blocks.Add(@{ Kind = 'Code'; Text = ($code -join "`n") }); $code = $null }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```') { & $flush; $code = [System.Collections.Generic.List[string]]::new(); continue }
        if (-not $line.Trim()) { & $flush; continue }
        $trimmed = ConvertTo-InlineText $line.Trim()
        if ($trimmed -match '^([-*]|\d+\.)\s+' -or $paragraph.Count -eq 0) { $paragraph.Add($trimmed) }
        else { $paragraph[$paragraph.Count - 1] += ' ' + $trimmed }
    }
    & $flush
    $blocks.ToArray()
}

function Get-Paragraph([string[]] $Lines) {
    foreach ($block in Split-Block $Lines) { $block.Text }
}

#endregion

#region Metadata of the built cmdlets

$ReadCommandMetadata = {
    param([string] $ManifestPath)
    $ErrorActionPreference = 'Stop'
    $module = Import-Module $ManifestPath -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-TypeInfo([type] $type) {
        $underlying = [Nullable]::GetUnderlyingType($type)
        if ($underlying) { $type = $underlying }
        $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
        $values = if ($element.IsEnum) { [enum]::GetNames($element) } else { @() }
        @{ FullName = $type.FullName; Name = $type.Name; IsSwitch = $type -eq [switch]; Values = @($values) }
    }

    $commands = foreach ($cmdlet in $module.ExportedCmdlets.Values | Sort-Object Name) {
        $parameters = [ordered]@{}
        foreach ($parameter in $cmdlet.Parameters.Values) {
            if ($common -contains $parameter.Name) { continue }
            $validateSet = $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }, 'First')[0]
            $type = Get-TypeInfo $parameter.ParameterType
            if ($validateSet) { $type.Values = @($validateSet.ValidValues) }
            $parameters[$parameter.Name] = @{
                Name      = $parameter.Name
                Type      = $type
                Aliases   = @($parameter.Aliases)
                Wildcards = $parameter.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            }
        }
        $sets = foreach ($set in $cmdlet.ParameterSets) {
            @{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($p in $set.Parameters) {
                        if ($common -contains $p.Name) { continue }
                        @{
                            Name            = $p.Name
                            Mandatory       = $p.IsMandatory
                            Position        = $p.Position
                            ByValue         = $p.ValueFromPipeline
                            ByPropertyName  = $p.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }
        @{
            Name       = $cmdlet.Name
            Verb       = $cmdlet.Verb
            Noun       = $cmdlet.Noun
            Parameters = $parameters
            Sets       = @($sets)
        }
    }
    ConvertTo-Json -InputObject @($commands) -Depth 10 -Compress
}

function Get-CommandMetadata([string] $ManifestPath) {
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $json = & $pwsh -NoProfile -NonInteractive -Command $ReadCommandMetadata -args $ManifestPath
    if ($LASTEXITCODE -ne 0) { throw "Reading the cmdlets of '$ManifestPath' failed (exit code $LASTEXITCODE)." }
    , @(($json -join '') | ConvertFrom-Json -AsHashtable)
}

#endregion

#region MAML

$Ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

function Write-Element([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text) {
    $Writer.WriteElementString($Prefix, $Name, $Ns[$Prefix], $Text)
}

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $Ns.maml)
    foreach ($paragraph in $Paragraphs) { Write-Element $Writer 'maml' 'para' $paragraph }
    $Writer.WriteEndElement()
}

function Get-PipelineInput($usages) {
    $byValue = $false
    $byName = $false
    foreach ($usage in $usages) { $byValue = $byValue -or $usage.ByValue; $byName = $byName -or $usage.ByPropertyName }
    if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' }
    elseif ($byValue) { 'True (ByValue)' }
    elseif ($byName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Get-PositionText($usages) {
    foreach ($usage in $usages) { if ($usage.Position -ge 0) { return [string]$usage.Position } }
    'named'
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Metadata, $Usages, [string[]] $Paragraphs, [string] $DefaultValue, [switch] $InSyntax)
    $type = $Metadata.Type
    $Writer.WriteStartElement('command', 'parameter', $Ns.command)
    $required = $false
    foreach ($usage in $Usages) { $required = $required -or $usage.Mandatory }
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ($type.FullName -like '*[[]]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Metadata.Wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Usages))
    $Writer.WriteAttributeString('position', (Get-PositionText $Usages))
    $Writer.WriteAttributeString('aliases', ($Metadata.Aliases.Count ? ($Metadata.Aliases -join ', ') : 'none'))
    Write-Element $Writer 'maml' 'name' $Metadata.Name
    if (-not $InSyntax) { Write-Paragraphs $Writer $Paragraphs }
    if ($type.Values.Count -and -not $type.IsSwitch) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $Ns.command)
        foreach ($value in $type.Values) {
            $Writer.WriteStartElement('command', 'parameterValue', $Ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $Ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # A switch takes no value: the syntax shows [-Force], not [-Force <SwitchParameter>].
    if (-not ($InSyntax -and $type.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $Ns.command)
        $Writer.WriteAttributeString('required', (-not $type.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type.Name)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $Ns.dev)
    Write-Element $Writer 'maml' 'name' $type.FullName
    Write-Element $Writer 'maml' 'uri' ''
    $Writer.WriteEndElement()
    Write-Element $Writer 'dev' 'defaultValue' ($DefaultValue ? $DefaultValue : ($type.IsSwitch ? 'False' : 'None'))
    $Writer.WriteEndElement()
}

function Get-SyntaxOrder($usage, [int] $index) {
    # As PowerShell orders syntax: positional parameters by position, then mandatory, then the rest.
    if ($usage.Position -ge 0) { return [long]$usage.Position }
    if ($usage.Mandatory) { return 1000L + $index }
    2000L + $index
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Command, $Help)
    $Writer.WriteStartElement('command', 'command', $Ns.command)
    foreach ($prefix in 'maml', 'dev', 'MSHelp') { $Writer.WriteAttributeString('xmlns', $prefix, $null, $Ns[$prefix]) }

    $Writer.WriteStartElement('command', 'details', $Ns.command)
    Write-Element $Writer 'command' 'name' $Command.Name
    Write-Element $Writer 'command' 'verb' $Command.Verb
    Write-Element $Writer 'command' 'noun' $Command.Noun
    Write-Paragraphs $Writer $Help.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $Ns.command)
    $sets = @($Command.Sets | Sort-Object @{ Expression = { -not $_.IsDefault } }, @{ Expression = { $Command.Sets.IndexOf($_) } })
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $Ns.command)
        Write-Element $Writer 'maml' 'name' $Command.Name
        $ordered = for ($i = 0; $i -lt $set.Parameters.Count; $i++) { [pscustomobject]@{ Usage = $set.Parameters[$i]; Order = (Get-SyntaxOrder $set.Parameters[$i] $i) } }
        foreach ($entry in $ordered | Sort-Object Order) {
            $name = $entry.Usage.Name
            Write-Parameter -Writer $Writer -Metadata $Command.Parameters[$name] -Usages @($entry.Usage) -Paragraphs @() -DefaultValue $Help.Parameters[$name].Default -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # An empty <command:parameters/> makes Get-Help -Full fall back to dumping the raw object.
    if ($Command.Parameters.Count) { $Writer.WriteStartElement('command', 'parameters', $Ns.command) }
    $last = @('WhatIf', 'Confirm')
    foreach ($name in $Command.Parameters.Keys | Sort-Object @{ Expression = { $last.IndexOf($_) } }, @{ Expression = { $_ } }) {
        $usages = @(foreach ($set in $Command.Sets) { foreach ($usage in $set.Parameters) { if ($usage.Name -eq $name) { $usage } } })
        $text = $Help.Parameters[$name]
        Write-Parameter -Writer $Writer -Metadata $Command.Parameters[$name] -Usages $usages -Paragraphs $text.Paragraphs -DefaultValue $text.Default
    }
    if ($Command.Parameters.Count) { $Writer.WriteEndElement() }

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Items = $Help.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Items = $Help.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $Ns.command)
        foreach ($type in $kind.Items) {
            $Writer.WriteStartElement('command', $kind.Item, $Ns.command)
            $Writer.WriteStartElement('dev', 'type', $Ns.dev)
            Write-Element $Writer 'maml' 'name' $type.Name
            $Writer.WriteEndElement()
            Write-Paragraphs $Writer $type.Paragraphs
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Help.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $Ns.maml)
        $Writer.WriteStartElement('maml', 'alert', $Ns.maml)
        foreach ($paragraph in $Help.Notes) { Write-Element $Writer 'maml' 'para' $paragraph }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $Ns.command)
    $number = 0
    foreach ($example in $Help.Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $Ns.command)
        Write-Element $Writer 'maml' 'title' "--------- $($example.Title) ---------"
        Write-Element $Writer 'dev' 'code' $example.Code
        $Writer.WriteStartElement('dev', 'remarks', $Ns.dev)
        foreach ($paragraph in $example.Remarks) { Write-Element $Writer 'maml' 'para' $paragraph }
        # Sets the next example's title apart from these remarks.
        Write-Element $Writer 'maml' 'para' ''
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $Ns.command)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $Ns.maml)
        Write-Element $Writer 'maml' 'linkText' $link.Text
        Write-Element $Writer 'maml' 'uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region Help text of one cmdlet

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

#endregion

$commands = Get-CommandMetadata $ManifestPath
$sharedPath = Join-Path $SourcePath $SharedParametersFile
$shared = if (Test-Path $sharedPath) { Get-ParameterText ((ConvertFrom-HelpMarkdown $sharedPath).Sections['Parameters'].Items) $sharedPath } else { @{} }

$problems = [System.Collections.Generic.List[string]]::new()
$helps = @{}
foreach ($command in $commands) {
    $path = Join-Path $SourcePath "$($command.Name).md"
    if (-not (Test-Path $path)) { $problems.Add("$($command.Name): no help file ($path)."); continue }
    $help = Read-CommandHelp $path $shared
    if ($help.Name -ne $command.Name) { $problems.Add("${path}: the title is '# $($help.Name)', not '# $($command.Name)'.") }
    if (-not ($help.Synopsis -join '').Trim()) { $problems.Add("$($command.Name): no synopsis.") }
    if (-not ($help.Description -join '').Trim()) { $problems.Add("$($command.Name): no description.") }
    foreach ($name in $command.Parameters.Keys) {
        $text = $help.Parameters[$name]
        if (-not $text -or -not ($text.Paragraphs -join '').Trim()) { $problems.Add("$($command.Name): the parameter -$name has no help text.") }
    }
    foreach ($name in $help.OwnNames) {
        if (-not $command.Parameters.Contains($name)) { $problems.Add("$($command.Name): the help describes -$name, which the cmdlet does not have.") }
    }
    if ($help.Examples.Count -eq 0) { $problems.Add("$($command.Name): no example.") }
    $helps[$command.Name] = $help
}
foreach ($file in Get-ChildItem $SourcePath -Filter *.md) {
    if ($NotCmdletFiles -contains $file.Name) { continue }
    if ($commands.Name -notcontains $file.BaseName) { $problems.Add("$($file.Name): no exported cmdlet is named $($file.BaseName).") }
}
if ($problems.Count) { throw "The help is incomplete:`n  " + ($problems -join "`n  ") }

New-Item -ItemType Directory -Force $OutputPath | Out-Null
$mamlPath = Join-Path $OutputPath 'AccessToken.dll-Help.xml'
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $Ns.msh)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) { Write-CommandHelp $writer $command $helps[$command.Name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }

foreach ($about in Get-ChildItem $SourcePath -Filter 'about_*.help.txt') { Copy-Item $about.FullName $OutputPath }
Write-Host "Help: $mamlPath ($($commands.Count) cmdlets)"
