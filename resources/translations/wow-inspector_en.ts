<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>wci::ActionController</name>
    <message numerus="yes">
        <source>%n failures selected: actions run on each, after a check that lists what will be skipped.</source>
        <translation>
            <numerusform>%n failure selected: actions run on it after a check that says whether it will be skipped.</numerusform>
            <numerusform>%n failures selected: actions run on each, after a check that lists what will be skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the %n selected failures</source>
        <translation>
            <numerusform>the selected failure</numerusform>
            <numerusform>the %n selected failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n failures, frozen now)</source>
        <translation>
            <numerusform>%1 (%n failure, frozen now)</numerusform>
            <numerusform>%1 (%n failures, frozen now)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::BulkDialog</name>
    <message numerus="yes">
        <source>Checking %n failure(s)…</source>
        <translation>
            <numerusform>Checking %n failure…</numerusform>
            <numerusform>Checking %n failures…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%L1 of %L2&lt;/b&gt; will run; %n will be skipped:&lt;ul&gt;%3&lt;/ul&gt;%4</source>
        <translation>
            <numerusform>&lt;b&gt;%L1 of %L2&lt;/b&gt; will run; %n will be skipped:&lt;ul&gt;%3&lt;/ul&gt;%4</numerusform>
            <numerusform>&lt;b&gt;%L1 of %L2&lt;/b&gt; will run; %n will be skipped:&lt;ul&gt;%3&lt;/ul&gt;%4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run on %n failure(s)</source>
        <translation>
            <numerusform>Run on %n failure</numerusform>
            <numerusform>Run on %n failures</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::ChartsView</name>
    <message numerus="yes">
        <source>%n retries: %L1</source>
        <translation>
            <numerusform>%n retry: %L1</numerusform>
            <numerusform>%n retries: %L1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::CompensateDialog</name>
    <message numerus="yes">
        <source>Version %1 delivered to %n function(s).</source>
        <translation>
            <numerusform>Version %1 delivered to %n function.</numerusform>
            <numerusform>Version %1 delivered to %n functions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::ConnectionDialog</name>
    <message numerus="yes">
        <source>Reached: %1 — %Ln failures.</source>
        <translation>
            <numerusform>Reached: %1 — %Ln failure.</numerusform>
            <numerusform>Reached: %1 — %Ln failures.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::DetailsPane</name>
    <message numerus="yes">
        <source>Version %1 of %2%3%4 — %n field(s) changed</source>
        <translation>
            <numerusform>Version %1 of %2%3%4 — %n field changed</numerusform>
            <numerusform>Version %1 of %2%3%4 — %n fields changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::ExportDialog</name>
    <message numerus="yes">
        <source>The %n selected failure(s)</source>
        <translation>
            <numerusform>The %n selected failure</numerusform>
            <numerusform>The %n selected failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln document(s) (%1 MB) to %2.</source>
        <translation>
            <numerusform>Exported %Ln document (%1 MB) to %2.</numerusform>
            <numerusform>Exported %Ln documents (%1 MB) to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::GroupsView</name>
    <message numerus="yes">
        <source>%1 (%n failures)</source>
        <translation>
            <numerusform>%1 (%n failure)</numerusform>
            <numerusform>%1 (%n failures)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::ImportDialog</name>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>Importing %n file…</numerusform>
            <numerusform>Importing %n files…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::MainWindow</name>
    <message numerus="yes">
        <source>Trying again in %n s.</source>
        <translation>
            <numerusform>Trying again in %n s.</numerusform>
            <numerusform>Trying again in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n execution id(s)</source>
        <translation>
            <numerusform>Copied %n execution id</numerusform>
            <numerusform>Copied %n execution ids</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s) as CSV</source>
        <translation>
            <numerusform>Copied %n row as CSV</numerusform>
            <numerusform>Copied %n rows as CSV</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::StackTraceView</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::StorageDialog</name>
    <message numerus="yes">
        <source>%n dictionary(ies), %1, trained from the file&apos;s own documents</source>
        <translation>
            <numerusform>%n dictionary, %1, trained from the file&apos;s own documents</numerusform>
            <numerusform>%n dictionaries, %1, trained from the file&apos;s own documents</numerusform>
        </translation>
    </message>
</context>
</TS>
