# The help people read with Get-Help: complete for every exported cmdlet and parameter, with
# worked examples, built as MAML from the markdown sources, plus the about_AccessToken topic.
BeforeDiscovery {
    $script:CmdletNames = (Import-PowerShellDataFile $env:ACCESSTOKEN_TEST_MODULE).CmdletsToExport
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Force
    $script:ModuleBase = Split-Path $env:ACCESSTOKEN_TEST_MODULE
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-DocumentedParameter([string] $name) {
        @((Get-Help $name -Full).parameters.parameter | Where-Object { $_ })
    }

    function Get-Text($description) {
        (@($description) | ForEach-Object { $_.Text }) -join "`n"
    }
}

Describe 'Help of <_>' -ForEach $CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Help = Get-Help $_ -Full
        $script:Command = Get-Command $_
    }

    It 'Has_a_synopsis_and_a_description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, Get-Help makes up a synopsis from the syntax.
        $Help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"
        Get-Text $Help.description | Should -Not -BeNullOrEmpty
    }

    It 'Describes_every_parameter_except_the_common_ones' {
        $expected = @($Command.Parameters.Keys | Where-Object { $Common -notcontains $_ } | Sort-Object)
        $documented = @(Get-DocumentedParameter $Name)
        @($documented.name | Sort-Object) | Should -Be $expected
        foreach ($parameter in $documented) {
            Get-Text $parameter.description | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) of $Name needs a description"
        }
    }

    It 'Has_at_least_two_examples_one_of_them_a_pipeline' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        @($examples | Where-Object { $_.code -match '\|' }).Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because "'$($example.title)' should explain itself"
        }
    }

    It 'Names_its_inputs_outputs_and_related_links' {
        @($Help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        @($Help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
        @($Help.relatedLinks.navigationLink.linkText) | Should -Contain 'about_AccessToken'
    }

    It 'Shows_one_syntax_per_parameter_set' {
        @($Help.syntax.syntaxItem).Count | Should -Be $Command.ParameterSets.Count
    }

    It 'Get_Help_Examples_shows_the_examples' {
        $text = Get-Help $Name -Examples | Out-String -Width 200
        $text | Should -Match 'Example 1:'
        $text | Should -Match 'Example 2:'
    }
}

Describe 'Help of single parameters' {
    It 'Get_Help_Parameter_shows_the_text_and_what_the_pipeline_binds' {
        $parameter = Get-Help Get-AccessToken -Parameter AccessTokenId
        Get-Text $parameter.description | Should -Match 'pipe'
        $parameter.pipelineInput | Should -Be 'True (ByValue, ByPropertyName)'
        $parameter.required | Should -Be 'true'
        $parameter.position | Should -Be '0'
        $parameter.aliases | Should -Be 'Id'
        $parameter.type.name | Should -Be 'System.String[]'
    }

    It 'Get_Help_Parameter_shows_the_shared_connection_parameters' {
        foreach ($name in 'ApiToken', 'BaseUri', 'MaxRetries', 'TimeoutSec', 'Actions', 'Links', 'Embedded') {
            Get-Text (Get-Help Set-AccessToken -Parameter $name).description | Should -Not -BeNullOrEmpty -Because "-$name is shared"
        }
        Get-Text (Get-Help Remove-AccessToken -Parameter ThrottleLimit).description | Should -Match 'parallel'
    }

    It 'Marks_wildcard_parameters_and_lists_enum_values' {
        (Get-Help Get-AccessToken -Parameter Name).globbing | Should -Be 'true'
        $syntax = Get-Help New-AccessToken | Select-Object -ExpandProperty syntax | Out-String -Width 300
        $syntax | Should -Match '-Status \{Active \| Inactive\}'
    }

    It 'Shows_the_default_values_given_in_the_sources' {
        (Get-Help Connect-Losant -Parameter TimeoutSec).defaultValue | Should -Be '100'
    }
}

Describe 'about_AccessToken' {
    It 'Is_found_by_Get_Help' {
        $about = Get-Help about_AccessToken | Out-String
        $about | Should -Match 'about_AccessToken'
    }

    It 'Explains_connection_runbooks_retries_errors_and_confirmation' {
        $about = Get-Help about_AccessToken | Out-String
        foreach ($topic in 'Connect-Losant', '-ApiToken', 'LOSANT_API_TOKEN', 'LOSANT_API_URL', '-MaxRetries', '-TimeoutSec',
            'AccessTokenNotFound', 'ErrorCategory', '-ErrorAction Stop', '-WhatIf', '-Confirm', '-Force') {
            $about | Should -Match ([regex]::Escape($topic)) -Because "about_AccessToken should cover $topic"
        }
    }
}

Describe 'Shipped help files' {
    It 'Ships_MAML_and_the_about_topic_but_no_markdown_sources' {
        Test-Path (Join-Path $ModuleBase 'en-US/AccessToken.dll-Help.xml') | Should -BeTrue
        Test-Path (Join-Path $ModuleBase 'en-US/about_AccessToken.help.txt') | Should -BeTrue
        @(Get-ChildItem $ModuleBase -Recurse -Filter *.md).Count | Should -Be 0
        Test-Path (Join-Path $ModuleBase 'help') | Should -BeFalse
    }

    It 'Is_valid_XML_in_the_MAML_namespace' {
        $maml = [xml](Get-Content -Raw (Join-Path $ModuleBase 'en-US/AccessToken.dll-Help.xml'))
        $maml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $maml.helpItems.command.Count | Should -Be 7
    }

    It 'Get_Help_in_a_fresh_process_finds_the_help' {
        $synopsis = Invoke-PowerShell -NoProfile -NonInteractive -Command {
            param($module)
            Import-Module $module
            (Get-Help Remove-AccessToken).Synopsis
        } -args $env:ACCESSTOKEN_TEST_MODULE
        $synopsis | Should -Be 'Deletes Losant API access tokens.'
    }
}

Describe 'Help build' {
    It 'Build_fails_when_a_parameter_has_no_help_text' {
        $sources = Join-Path $TestDrive 'help'
        Copy-Item (Join-Path $PSScriptRoot '../../module/help') $sources -Recurse
        $file = Join-Path $sources 'Get-AccessToken.md'
        # Drop the -Name section: from its heading up to the next heading.
        $text = Get-Content -Raw $file
        $text = [regex]::Replace($text, '(?ms)^### -Name\r?\n.*?(?=^#)', '')
        Set-Content $file $text
        $builder = Join-Path $PSScriptRoot '../../tools/Build-Help.ps1'
        { & $builder -SourcePath $sources -ManifestPath $env:ACCESSTOKEN_TEST_MODULE -OutputPath (Join-Path $TestDrive 'en-US') } |
            Should -Throw -ExpectedMessage '*Get-AccessToken: the parameter -Name has no help text*'
        Test-Path (Join-Path $TestDrive 'en-US/AccessToken.dll-Help.xml') | Should -BeFalse
    }
}
